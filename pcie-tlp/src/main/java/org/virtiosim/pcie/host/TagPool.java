package org.virtiosim.pcie.host;

import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;

/**
 * The root port's tags for non-posted CPU requests (MRd, IOWr, CfgWr0) and how the CPUs share
 * them. Every CPU request carries the root port's Requester ID, so all CPUs draw on one tag space
 * (PCI Express Base Specification Rev. 6.0 §2.2.6.2: 8-bit Tag field, 256 values; 10-bit Tags
 * give 768). With {@link Sharing#SHARED} the CPUs queue in one FIFO for any free tag, so a burst
 * from one CPU delays the others; with {@link Sharing#PER_CPU} the pool is split evenly (the
 * first {@code size % cpus} CPUs get one more) and each CPU queues only for its own share.
 *
 * @param size tags in the pool
 * @param sharing how the CPUs share them
 */
public record TagPool(int size, Sharing sharing) {
    /** How CPUs share the pool. */
    public enum Sharing {
        /** One pool, one FIFO all CPUs queue on. */
        SHARED,
        /** Each CPU its own share of the pool and its own FIFO. */
        PER_CPU
    }

    public static final Param<Long> SIZE = Param.integer("root_port_tags", "tags", 256, 1, 768,
            "non-posted CPU requests the root port keeps outstanding",
            "PCIe Base Spec Rev. 6.0 §2.2.6.2: 8-bit Tag field, 256 values (10-bit Tags, 768, as the range's top)")
            .studyRange(32L, 768L, "a root port tracking few non-posted requests, to 10-bit Tags (PCIe §2.2.6.2)");
    public static final Param<Sharing> SHARING = Param.choice("root_port_tag_sharing", Sharing.SHARED,
            "how the host CPUs share the root port's tags: one FIFO for all, or an even share each",
            "assumption: one Requester ID, one tag space; no public root-port design says it reserves tags per core")
            .studyEveryValue("no public root-port design says which; both are tried");
    /** The knobs, in the order they are listed. */
    public static final List<Param<?>> KNOBS = List.of(SIZE, SHARING);

    public static final TagPool DEFAULT = from(ParamValues.defaults());

    public TagPool {
        if (size < 1 || size > 768) {
            throw new IllegalArgumentException("root port tags must be 1..768, got " + size);
        }
        java.util.Objects.requireNonNull(sharing);
    }

    public static TagPool from(ParamValues p) {
        return new TagPool((int) (long) p.get(SIZE), p.get(SHARING));
    }

    /** The tags CPU {@code cpu} of {@code cpus} may hold at once. */
    public int share(int cpu, int cpus) {
        if (sharing == Sharing.SHARED) {
            return size;
        }
        return size / cpus + (cpu < size % cpus ? 1 : 0);
    }
}
