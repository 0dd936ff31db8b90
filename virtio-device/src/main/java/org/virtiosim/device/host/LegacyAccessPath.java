package org.virtiosim.device.host;

/**
 * The host half of a scheme: how the hypervisor carries out one trapped legacy register access of
 * a guest on a VF. Called after the VM exit; calls back when the guest's instruction may retire.
 */
public interface LegacyAccessPath {
    void access(int vf, boolean write, int offset, int size, long value, long token, AccessListener done);

    /** Host CPU time spent on accesses so far, ps (busy waiting included). */
    long hostBusyPs();

    /**
     * What the hypervisor does when it opens the VF, before the guest runs (vfio-virtio asks the
     * device where the VF takes notifies); {@code done} when finished. Most schemes do nothing.
     */
    default void open(int vf, long token, AccessListener done) {
        done.accessDone(token, 0, false);
    }

    /** The hypervisor enabled or disabled MSI-X in the VF's config space (legacy device config moves). */
    default void msixChanged(int vf, boolean enabled) {
    }
}
