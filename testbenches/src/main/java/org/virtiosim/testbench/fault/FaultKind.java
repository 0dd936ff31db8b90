package org.virtiosim.testbench.fault;

/**
 * One kind of {@code --fault}: the name before its {@code @}, the form of what follows (as help and
 * shell completion show it, {@code N} or {@code VF:T_US}), and how a spec of it is read.
 *
 * @param id the kind's name in a spec
 * @param form the argument's form after the {@code @}
 * @param reader reads a spec's argument into its fault
 */
public record FaultKind(String id, String form, Reader reader) {
    /** Reads the argument (after the {@code @}) of {@code spec}; IllegalArgumentException naming the spec when it is bad. */
    @FunctionalInterface
    public interface Reader {
        Fault read(String spec, String argument, int vfs);
    }

    /** What a spec of this kind looks like: {@code drop-completion@N}. */
    public String usage() {
        return id + "@" + form;
    }
}
