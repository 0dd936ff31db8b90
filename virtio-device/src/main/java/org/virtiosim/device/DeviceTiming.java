package org.virtiosim.device;

/**
 * The device's timing parameters, in cycles of its core clock. Every value is an assumption of
 * this model (no public data on virtio device firmware exists); each is a knob so a firmware
 * designer can put in their own, and each is listed in docs/parameters.md.
 *
 * @param clockPs device core clock period (1 GHz)
 * @param registerCycles a hardware register access (legacy window or indirect pair) in device logic
 * @param firmwareAccessCycles one legacy register access carried out by firmware (trap, decode, act, reply)
 * @param firmwareCommandCycles one admin command executed by firmware, excluding its DMA
 * @param dmaRequestCycles the DMA engine's cost to issue one request or take one completion
 * @param doorbellCycles doorbell steering: notify address to (function, queue) to the queue engine
 * @param resetCycles time to reset one VF
 * @param parallelResets how many VF resets the reset engine runs at once
 * @param firmwareCores firmware cores sharing the firmware work
 */
public record DeviceTiming(long clockPs, long registerCycles, long firmwareAccessCycles, long firmwareCommandCycles,
                           long dmaRequestCycles, long doorbellCycles, long resetCycles, int parallelResets,
                           int firmwareCores) {
    /** Assumptions: see docs/parameters.md. */
    public static final DeviceTiming DEFAULT = new DeviceTiming(1000, 20, 400, 1500, 10, 10, 20_000, 8, 2);

    public DeviceTiming {
        if (clockPs <= 0 || registerCycles < 0 || firmwareAccessCycles < 0 || firmwareCommandCycles < 0
                || dmaRequestCycles < 0 || doorbellCycles < 0 || resetCycles < 0) {
            throw new IllegalArgumentException("device timing: clock must be > 0 and cycle counts >= 0");
        }
        if (parallelResets < 1 || firmwareCores < 1) {
            throw new IllegalArgumentException("device timing: parallel resets and firmware cores must be >= 1");
        }
    }

    public long ps(long cycles) {
        return cycles * clockPs;
    }
}
