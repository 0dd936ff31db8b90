package org.virtiosim.device.host;

/**
 * The host half of a scheme: how the hypervisor carries out one trapped legacy register access of
 * a guest on a VF. Called after the VM exit; calls back when the guest's instruction may retire.
 */
public interface LegacyAccessPath {
    /** The scheme's id: mmio, indirect or aq. */
    String name();

    void access(int vf, boolean write, int offset, int size, long value, long token, AccessListener done);

    /** Host CPU time spent on accesses so far, ps (busy waiting included). */
    long hostBusyPs();

    /** Bytes of device state per VF this scheme needs beyond the legacy register file. */
    int extraDeviceStateBytesPerVf();
}
