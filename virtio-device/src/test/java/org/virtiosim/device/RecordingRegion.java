package org.virtiosim.device;

import java.util.ArrayList;
import java.util.List;

/**
 * A register block for tests: records every access the device decodes to it; reads are answered
 * at once with {@link #answer} unless {@link #hold} is set, in which case their slots wait in
 * {@link #heldSlots} for the test to complete them.
 */
final class RecordingRegion implements Region {
    /** One decoded access. */
    record Access(boolean write, int function, int offset, int size, long value) {
    }

    final List<Access> accesses = new ArrayList<>();
    final List<Integer> heldSlots = new ArrayList<>();
    private final DeviceContext device;
    long answer;
    boolean hold;

    RecordingRegion(DeviceContext device) {
        this.device = device;
    }

    @Override
    public void read(int function, int offset, int size, int slot) {
        accesses.add(new Access(false, function, offset, size, 0));
        if (hold) {
            heldSlots.add(slot);
        } else {
            device.complete(slot, answer);
        }
    }

    @Override
    public void write(int function, int offset, int size, long value) {
        accesses.add(new Access(true, function, offset, size, value));
    }
}
