package org.virtiosim.device;

import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.pcie.txn.DmaEngineTiming;

/**
 * The device's timing parameters, in cycles of its core clock. Every value is an assumption of
 * this model (no public data on virtio device firmware exists); each is a knob so a firmware
 * designer can put in their own, and each is listed in docs/parameters.md.
 *
 * @param clockPs device core clock period (1 GHz)
 * @param registerCycles a hardware register access (legacy window or indirect pair) in device logic
 * @param firmwareAccessCycles one legacy register access carried out by firmware (trap, decode, act, reply)
 * @param firmwareCommandCycles one admin command executed by firmware, excluding its DMA
 * @param dmaRequestCycles the DMA engine's cost to issue one request TLP: {@code dma_request_ns}
 *     ({@link DmaEngineTiming#REQUEST_NS}, fitted to the pcie-bench data set) in device cycles
 * @param doorbellCycles doorbell steering: notify address to (function, queue) to the queue engine
 * @param resetCycles time to reset one VF
 * @param parallelResets how many VF resets the reset engine runs at once
 * @param firmwareCores firmware cores sharing the firmware work
 */
public record DeviceTiming(long clockPs, long registerCycles, long firmwareAccessCycles, long firmwareCommandCycles,
                           long dmaRequestCycles, long doorbellCycles, long resetCycles, int parallelResets,
                           int firmwareCores) {
    /** Assumptions: see docs/parameters.md. */
    public static final DeviceTiming DEFAULT = new DeviceTiming(1000, 20, 400, 1500,
            Math.round(DmaEngineTiming.DEFAULT.requestPs() / 1000.0), 10, 20_000, 8, 2);

    /**
     * Most cycles one reset, access or command may take: 10^9, 1 s at the 1 GHz clock, ten times the 100 ms an
     * FLR may take (PCIe §6.6.2). Bounded so a run's horizon (accesses × this) stays inside the kernel's 2^63 ps.
     */
    public static final long MAX_CYCLES = 1_000_000_000L;

    public static final Param<Long> RESET_CYCLES = Param.integer("reset_cycles",
            "cycles", DEFAULT.resetCycles, 0, MAX_CYCLES, "time to reset one VF, device cycles", "assumption")
            .studyRange(1_000L, 1_000_000L, "assumption: from 1 µs (registers cleared by logic) to 1 ms (firmware tears down and "
                    + "rebuilds the VF's queues; FLR allows 100 ms, PCIe §6.6.2)");
    public static final Param<Long> PARALLEL_RESETS = Param.integer("parallel_resets",
            "", DEFAULT.parallelResets, 1, 65535, "VF resets at once", "assumption")
            .studyRange(1L, 64L, "assumption: one reset engine doing one VF at a time, to one per firmware thread of a large DPU");
    public static final Param<Long> FIRMWARE_CORES = Param.integer("firmware_cores",
            "", DEFAULT.firmwareCores, 1, 1024, "firmware cores", "assumption")
            .studyRange(1L, 16L, "assumption: one management core of a NIC to the 16 Arm cores of a BlueField-3 DPU (8 on BlueField-2)");
    public static final Param<Long> FIRMWARE_ACCESS_CYCLES = Param.integer(
            "firmware_access_cycles", "cycles", DEFAULT.firmwareAccessCycles, 0, MAX_CYCLES,
            "one legacy access in firmware, cycles", "assumption")
            .studyRange(100L, 2_000L, "assumption: a trap, decode and reply in a tight firmware loop (~100 cycles) to an RTOS "
                    + "message to a control-plane task (~2 µs)");
    public static final Param<Long> FIRMWARE_COMMAND_CYCLES = Param.integer(
            "firmware_command_cycles", "cycles", DEFAULT.firmwareCommandCycles, 0, MAX_CYCLES,
            "one admin command in firmware, cycles", "assumption")
            .studyRange(500L, 10_000L, "assumption: a command parsed and executed by a dedicated core (~0.5 µs) to one queued to "
                    + "a shared control-plane task (~10 µs)");
    /** The knobs, in the order they are listed. */
    public static final List<Param<?>> KNOBS = List.of(RESET_CYCLES, PARALLEL_RESETS,
            FIRMWARE_CORES, FIRMWARE_ACCESS_CYCLES, FIRMWARE_COMMAND_CYCLES);

    /** The defaults with the knobs' values. */
    public static DeviceTiming from(ParamValues p) {
        DeviceTiming d = DEFAULT;
        return new DeviceTiming(d.clockPs, d.registerCycles, p.get(FIRMWARE_ACCESS_CYCLES), p.get(FIRMWARE_COMMAND_CYCLES),
                dmaRequestCycles(p, d.clockPs), d.doorbellCycles, p.get(RESET_CYCLES), (int) (long) p.get(PARALLEL_RESETS),
                (int) (long) p.get(FIRMWARE_CORES));
    }

    /** The DMA engine's request time in whole device cycles (at least one for a non-zero time). */
    private static long dmaRequestCycles(ParamValues p, long clockPs) {
        long ps = DmaEngineTiming.from(p).requestPs();
        return ps == 0 ? 0 : Math.max(1, Math.round((double) ps / clockPs));
    }

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
