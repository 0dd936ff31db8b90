package org.virtiosim.testbench.fault;

/**
 * One fault to inject, parsed once from its spec ({@link Faults#parse}). Each kind's outcome is
 * defined in {@link Faults}.
 */
public sealed interface Fault {
    /** The spec as the user wrote it (what reports show). */
    String spec();

    /** {@code drop-completion@N}: the N-th completion going up vanishes. */
    record DropCompletion(String spec, long nth) implements Fault {
    }

    /** {@code poison-completion@N}: the N-th completion going up arrives with EP set. */
    record PoisonCompletion(String spec, long nth) implements Fault {
    }

    /** {@code late-completion@N}: the N-th completion going up arrives twice the Completion Timeout late. */
    record LateCompletion(String spec, long nth) implements Fault {
    }

    /** {@code stall-firmware@T:D}: at {@code atUs} every firmware core stops for {@code forUs}. */
    record StallFirmware(String spec, long atUs, long forUs) implements Fault {
    }

    /** {@code surprise-reset@VF:T}: at {@code atUs} VF {@code vf} is reset without its guest knowing. */
    record SurpriseReset(String spec, int vf, long atUs) implements Fault {
    }

    /**
     * {@code notify-info-offset@VF:OFFSET}: the PF driver hands on LEGACY_NOTIFY_INFO for VF
     * {@code vf} with {@code offset} in the entry the run's notify route uses ({@link TrustFaults}).
     */
    record NotifyInfoOffset(String spec, int vf, long offset) implements Fault {
    }

    /** {@code aq-member@N:VF}: the N-th admin command naming a group member names VF {@code vf} instead. */
    record AqMember(String spec, long nth, int vf) implements Fault {
    }

    /** {@code pf-window-slot@VF:VF2}: the hypervisor maps VF {@code vf}'s guest to window {@code window} of the PF aperture. */
    record PfWindowSlot(String spec, int vf, int window) implements Fault {
    }
}
