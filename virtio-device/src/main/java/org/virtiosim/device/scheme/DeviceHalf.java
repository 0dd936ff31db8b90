package org.virtiosim.device.scheme;

import org.virtiosim.core.component.Component;

/** The part of a scheme (or notify route) installed in the device, as the testbench sees it: signals and checks. */
public interface DeviceHalf {
    /** A half with no signals and nothing to check. */
    DeviceHalf NONE = new DeviceHalf() {
    };

    /** Creates its waveform signals under {@code tb} (in a child named after it). */
    default void trace(Component tb) {
    }

    /**
     * Reads it answered with state from before a reset that had not finished, where its
     * configuration did not ask for that: a violation of "no register access during its reset".
     */
    default long unrequestedStaleReads() {
        return 0;
    }

    /**
     * Requests it refused as the specification requires, by the status it answered with (an admin
     * command's {@code EINVAL/INVALID_MEMBER}, say): counted, not violations. Empty if none.
     */
    default java.util.Map<String, Long> refused() {
        return java.util.Map.of();
    }
}
