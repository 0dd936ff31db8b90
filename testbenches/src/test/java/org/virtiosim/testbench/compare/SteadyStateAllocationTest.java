package org.virtiosim.testbench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.device.firmware.FirmwareCommand;
import org.virtiosim.device.firmware.FirmwareContext;
import org.virtiosim.device.firmware.FirmwareProgram;
import org.virtiosim.device.firmware.LegacyOp;
import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceReader;
import org.virtiosim.testbench.trace.TraceRow;

/**
 * The model's hot path (kernel, TLP transport, device decode, every scheme's device and host
 * halves, the notify routes) allocates nothing per access in steady state: a run ten times longer
 * allocates no more while running (the trace and the testbench are built before measuring).
 */
class SteadyStateAllocationTest {
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    static List<String> schemes() {
        return Catalog.SCHEMES.ids();
    }

    /** {@code n} rounds per VF of: write queue_select, read it back (checked), read the status, notify queue 0. */
    private static Trace trace(int n) {
        List<TraceRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new TraceRow(TraceRow.Op.W, 0x0E, 2, i & 1, false, 0, 0, 4 * i + 1));
            rows.add(new TraceRow(TraceRow.Op.R, 0x0E, 2, i & 1, true, 0, 0, 4 * i + 2));
            rows.add(new TraceRow(TraceRow.Op.R, 0x12, 1, 0, false, 0, 0, 4 * i + 3));
            rows.add(new TraceRow(TraceRow.Op.W, 0x10, 2, 0, false, 0, 0, 4 * i + 4));
        }
        return new Trace("alloc", TraceReader.VIRTIO_NET_MSIX_CONFIG_END, rows);
    }

    private static long runAllocation(String scheme, String mode, int rounds) {
        CompareConfig cfg = Parameters.apply(CompareConfig.defaults(4), "aq_mode=" + mode);
        Testbench tb = new Testbench(cfg, Catalog.SCHEMES.require(scheme), null, false, trace(rounds), null);
        long before = allocated();
        RunResult r = tb.run(scheme);
        long bytes = allocated() - before;
        assertThat(r.mismatches()).isZero();
        assertThat(r.accesses()).isEqualTo(4L * 4 * rounds);
        return bytes;
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void aTenTimesLongerRunAllocatesNoMore(String scheme) {
        for (String mode : new String[] {"irq-parallel", "poll-serial"}) {
            runAllocation(scheme, mode, 1000); // warm: code compiled, pools and rings at size
            long shortRun = runAllocation(scheme, mode, 200);
            long longRun = runAllocation(scheme, mode, 2000);
            assertThat(longRun).as("%s (%s): bytes over 32000 accesses vs 3200 (%d)", scheme, mode, shortRun)
                    .isLessThanOrEqualTo(shortRun + 64 * 1024);
        }
    }

    /**
     * A handler-heavy firmware: every access and command spends cycles on a core; writes are
     * applied by the firmware itself; a status read while its VF resets is deferred and answered
     * from onResetDone; every reset also runs a timer continuation on a core.
     */
    static final class HandlerHeavyFirmware implements FirmwareProgram {
        private static final int STATUS = 0x12;
        private int[] held;
        long deferrals;

        @Override
        public void onStart(FirmwareContext ctx) {
            held = new int[ctx.numVfs() + 1];
            java.util.Arrays.fill(held, -1);
            ctx.declareMemoryPerVf(4);
        }

        @Override
        public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long value) {
            ctx.busy(300 + offset);
            if (op == LegacyOp.READ && offset == STATUS && ctx.resetInProgress(vf)) {
                held[vf] = ctx.defer();
                deferrals++;
            } else if (op == LegacyOp.WRITE && offset != STATUS) {
                ctx.writeRegister(vf, offset, size, value);
                ctx.answer(0);
            } else {
                ctx.perform();
            }
        }

        @Override
        public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
            ctx.busy(1000 + command.dataBytes());
            ctx.perform();
        }

        @Override
        public void onReset(FirmwareContext ctx, int vf) {
            ctx.startReset(vf);
            ctx.resumeAfter(50, vf);
        }

        @Override
        public void onResume(FirmwareContext ctx, int token) {
            ctx.busy(20);
        }

        @Override
        public void onResetDone(FirmwareContext ctx, int vf) {
            ctx.finishReset(vf);
            if (held[vf] >= 0) {
                ctx.answer(held[vf], ctx.readRegister(vf, STATUS, 1));
                held[vf] = -1;
            }
        }
    }

    /** {@code n} rounds per VF of: reset (status 0), read status (checked 0), write queue_select, read it back (checked). */
    private static Trace resetTrace(int n) {
        List<TraceRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new TraceRow(TraceRow.Op.W, 0x12, 1, 0, false, 0, 0, 4 * i + 1));
            rows.add(new TraceRow(TraceRow.Op.R, 0x12, 1, 0, true, 0, 0, 4 * i + 2));
            rows.add(new TraceRow(TraceRow.Op.W, 0x0E, 2, i & 1, false, 0, 0, 4 * i + 3));
            rows.add(new TraceRow(TraceRow.Op.R, 0x0E, 2, i & 1, true, 0, 0, 4 * i + 4));
        }
        return new Trace("alloc-fw", TraceReader.VIRTIO_NET_MSIX_CONFIG_END, rows);
    }

    private static long runHandlerHeavy(String scheme, int rounds) {
        CompareConfig cfg = CompareConfig.defaults(4);
        HandlerHeavyFirmware fw = new HandlerHeavyFirmware();
        Testbench tb = new Testbench(cfg, Catalog.SCHEMES.require(scheme), null, false, resetTrace(rounds), null, fw);
        long before = allocated();
        RunResult r = tb.run(scheme);
        long bytes = allocated() - before;
        assertThat(r.mismatches()).isZero();
        assertThat(r.accesses()).isEqualTo(4L * 4 * rounds);
        assertThat(tb.device().firmware().runs()).isGreaterThan(4L * 4 * rounds);
        assertThat(tb.device().firmware().deferredPending()).isZero();
        if (!scheme.equals("aq")) {
            assertThat(fw.deferrals).as("status reads held by the firmware during resets").isPositive();
        }
        return bytes;
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void aHandlerHeavyFirmwareAllocatesNoMorePerEvent(String scheme) {
        tenTimesLongerResetRunAllocatesNoMore(scheme, rounds -> runHandlerHeavy(scheme, rounds));
    }

    /** Warm, then 100 and 1000 rounds of {@link #resetTrace}: the longer run allocates no more (a 64 KiB margin). */
    private static void tenTimesLongerResetRunAllocatesNoMore(String scheme, java.util.function.IntToLongFunction bytesOfRun) {
        bytesOfRun.applyAsLong(500);
        long shortRun = bytesOfRun.applyAsLong(100);
        long longRun = bytesOfRun.applyAsLong(1000);
        assertThat(longRun).as("%s: bytes over 16000 accesses with resets vs 1600 (%d)", scheme, shortRun)
                .isLessThanOrEqualTo(shortRun + 64 * 1024);
    }

    private static long runResetPipelining(String scheme, int rounds) {
        CompareConfig cfg = CompareConfig.defaults(4);
        Testbench tb = new Testbench(cfg, Catalog.SCHEMES.require(scheme), null, false, resetTrace(rounds), null,
                new org.virtiosim.device.firmware.examples.ResetPipelining(cfg.device()));
        long before = allocated();
        RunResult r = tb.run(scheme);
        long bytes = allocated() - before;
        assertThat(r.mismatches()).isZero();
        assertThat(r.violations()).as("%s: a healthy firmware passes every check", scheme).isEmpty();
        assertThat(r.accesses()).isEqualTo(4L * 4 * rounds);
        return bytes;
    }

    /** The reset-pipelining example (resets on firmware engines, status reads held on a bitmap) allocates nothing per event either. */
    @ParameterizedTest
    @MethodSource("schemes")
    void theResetPipeliningFirmwareAllocatesNoMorePerEvent(String scheme) {
        tenTimesLongerResetRunAllocatesNoMore(scheme, rounds -> runResetPipelining(scheme, rounds));
    }
}
