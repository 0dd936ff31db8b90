package org.virtiosim.device.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.random.SplitMix64;
import org.virtiosim.device.Backing;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceFixture;
import org.virtiosim.device.DeviceFixture.Load;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.legacy.LegacyLayout;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.window.LegacyWindow;
import org.virtiosim.device.window.LegacyWindow.ReadDuringReset;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.TlpType;

/**
 * The firmware programming model: handlers run on the cores in turn for the cycles they spend,
 * their answers leave when those are over, a deferred answer is given later and the completion
 * waits for it, register writes land in the VF's register file, a DMA read continues the program
 * when its data is in, and the cost-only firmware runs exactly as fixed-duration core jobs.
 */
class FirmwareRuntimeTest {
    private static final DeviceTiming T = DeviceTiming.DEFAULT;
    private static final int STATUS = LegacyRegister.DEVICE_STATUS.offset();

    private static DeviceTiming cores(int n) {
        return new DeviceTiming(T.clockPs(), T.registerCycles(), T.firmwareAccessCycles(), T.firmwareCommandCycles(),
                T.dmaRequestCycles(), T.doorbellCycles(), T.resetCycles(), T.parallelResets(), n);
    }

    /** Hears answers with their time: "handle kind@ps". */
    private static final class Recorder implements FirmwareRequester {
        final List<String> got = new ArrayList<>();
        final List<Long> at = new ArrayList<>();
        private final DeviceFixture f;

        Recorder(DeviceFixture f) {
            this.f = f;
        }

        @Override
        public void perform(long request) {
            got.add(request + " perform@" + f.kernel.now());
            at.add(f.kernel.now());
        }

        @Override
        public void answer(long request, long value) {
            got.add(request + " answer " + value + "@" + f.kernel.now());
            at.add(f.kernel.now());
        }
    }

    /** Every access: {@code cycles} on a core, then answered with its VF; records when each handler started. */
    private static final class Busy implements FirmwareProgram {
        final long cycles;
        final List<Long> started = new ArrayList<>();

        Busy(long cycles) {
            this.cycles = cycles;
        }

        @Override
        public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long value) {
            started.add(ctx.now());
            ctx.busy(cycles);
            ctx.answer(vf);
        }

        @Override
        public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
            ctx.perform();
        }
    }

    @Test
    void aHandlerHoldsItsCoreForItsCyclesAndTheCoresTakeRunsInArrivalOrder() {
        Busy program = new Busy(1000);
        DeviceFixture f = new DeviceFixture(3, cores(2), program);
        Recorder r = new Recorder(f);
        for (int vf = 1; vf <= 3; vf++) {
            f.device.firmware().legacyAccess(r, 10 + vf, vf, false, STATUS, 1, 0);
        }
        f.run();
        long c = T.ps(1000);
        assertThat(program.started).as("two cores: the third run waits for the first free").containsExactly(0L, 0L, c);
        assertThat(r.got).containsExactly("11 answer 1@" + c, "12 answer 2@" + c, "13 answer 3@" + 2 * c);
        assertThat(f.device.cores().busyPs()).isEqualTo(3 * c);
        assertThat(f.device.cores().maxQueueWaitPs()).isEqualTo(c);
        assertThat(f.device.firmware().runs()).isEqualTo(3);
    }

    @Test
    void oneCoreRunsOneHandlerAtATime() {
        Busy program = new Busy(250);
        DeviceFixture f = new DeviceFixture(4, cores(1), program);
        Recorder r = new Recorder(f);
        for (int vf = 1; vf <= 4; vf++) {
            f.device.firmware().legacyAccess(r, vf, vf, true, STATUS, 1, 1);
        }
        f.run();
        assertThat(program.started).containsExactly(0L, T.ps(250), T.ps(500), T.ps(750));
        assertThat(r.at).containsExactly(T.ps(250), T.ps(500), T.ps(750), T.ps(1000));
    }

    /** Holds a status read while its VF resets and answers it from onResetDone: a firmware's own policy. */
    private static final class HoldStatus implements FirmwareProgram {
        int[] held;

        @Override
        public void onStart(FirmwareContext ctx) {
            held = new int[ctx.numVfs() + 1];
            java.util.Arrays.fill(held, -1);
            ctx.declareMemoryPerVf(4);
        }

        @Override
        public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long value) {
            ctx.busy(100);
            if (op == LegacyOp.READ && offset == STATUS && ctx.resetInProgress(vf)) {
                held[vf] = ctx.defer();
            } else {
                ctx.perform();
            }
        }

        @Override
        public void onResetDone(FirmwareContext ctx, int vf) {
            ctx.finishReset(vf);
            if (held[vf] >= 0) {
                ctx.answer(held[vf], ctx.readRegister(vf, STATUS, 1));
                held[vf] = -1;
            }
        }

        @Override
        public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
            ctx.perform();
        }
    }

    /** A device with a firmware-backed window in every VF's BAR2 whose reads during a reset answer stale (the firmware must hold them). */
    private static LegacyWindow window(DeviceFixture f) {
        LegacyWindow w = new LegacyWindow(f.context(), Backing.FIRMWARE, ReadDuringReset.STALE);
        f.context().map(Bar.VF_BAR2, 0, LegacyWindow.SIZE, w);
        return w;
    }

    @Test
    void aDeferredAnswerIsGivenLaterAndTheReadsCompletionWaitsForIt() {
        DeviceFixture f = new DeviceFixture(1, T, new HoldStatus());
        LegacyWindow w = window(f);
        long status = f.device.layout().vfBarAddress(1) + STATUS;
        f.rc.cpuWrite(status, 1, 0x0F);
        f.run();
        f.rc.cpuWrite(status, 1, 0); // reset
        Load l = f.load(status, 1);
        long issued = f.kernel.now();
        f.kernel.run(issued + T.ps(T.resetCycles()) / 2);
        assertThat(f.device.vf(1).resetInProgress()).isTrue();
        assertThat(l.done()).as("no completion while the read is held").isFalse();
        assertThat(f.device.firmware().deferredPending()).isEqualTo(1);
        assertThat(f.device.firmware().deferredPending(1)).isEqualTo(1);
        f.run();
        assertThat(l.status).isEqualTo(CompletionStatus.SC);
        assertThat(l.value).as("the status after the reset, not the stale 0x0F").isZero();
        assertThat(l.donePs - issued).isGreaterThanOrEqualTo(T.ps(T.resetCycles()));
        assertThat(f.device.firmware().deferredPending()).isZero();
        assertThat(w.staleReads()).as("the firmware answered it, the window never did").isZero();
        assertThat(f.device.firmware().memoryBytesPerVf()).isEqualTo(4);
    }

    /** A traced device's signal of that full name. */
    private static org.virtiosim.core.component.Probe signal(org.virtiosim.core.component.Component tb, String path) {
        return tb.tracing().probes().stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow();
    }

    @Test
    void theWavesShowEachCoresHandlerAndVfWhileItRunsAndEachVfsDeferredAnswers() {
        DeviceFixture f = new DeviceFixture(2, cores(1), new HoldStatus());
        window(f);
        org.virtiosim.core.component.Component tb = org.virtiosim.core.component.Component.root(f.kernel, "tb", 1);
        f.device.trace(tb.child("device"));
        var handler = signal(tb, "tb.device.firmware.core0.handler");
        var vf = signal(tb, "tb.device.firmware.core0.vf");
        var deferred2 = signal(tb, "tb.device.vf2.deferred");
        var deferred1 = signal(tb, "tb.device.vf1.deferred");
        assertThat(handler.value()).isEqualTo(FirmwareRuntime.IDLE);
        long status = f.device.layout().vfBarAddress(2) + STATUS;
        f.rc.cpuWrite(status, 1, 0x0F);
        f.run();
        f.rc.cpuWrite(status, 1, 0); // reset
        f.load(status, 1);
        // Run until the read's handler has started (it spends 100 cycles): the core shows it and its VF.
        long t0 = f.kernel.now();
        while (handler.value() == FirmwareRuntime.IDLE && f.kernel.now() < t0 + T.ps(T.resetCycles())) {
            f.kernel.run(f.kernel.now() + T.ps(10));
        }
        assertThat(FirmwareRuntime.handlerName((int) handler.value())).isEqualTo("onLegacyAccess");
        assertThat(vf.value()).isEqualTo(2);
        // Once its cycles are over the core is idle again, and the held read shows on VF 2 only.
        f.kernel.run(f.kernel.now() + T.ps(200));
        assertThat(handler.value()).isEqualTo(FirmwareRuntime.IDLE);
        assertThat(vf.value()).isZero();
        assertThat(deferred2.value()).isEqualTo(1);
        assertThat(deferred1.value()).isZero();
        f.run();
        assertThat(deferred2.value()).as("answered when the reset was done").isZero();
        assertThat(FirmwareRuntime.handlerNames()).hasSize(FirmwareRuntime.ON_START + 1).startsWith("idle", "onLegacyAccess");
    }

    @Test
    void aDeferredAnswerGivenByARunLeavesWhenThatRunsCyclesAreOver() {
        FirmwareProgram p = new FirmwareProgram() {
            int held = -1;

            @Override
            public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long value) {
                if (held < 0) {
                    held = ctx.defer();
                    ctx.resumeAfter(5000, 42);
                } else {
                    ctx.answer(0);
                }
            }

            @Override
            public void onResume(FirmwareContext ctx, int token) {
                assertThat(token).isEqualTo(42);
                ctx.busy(300);
                ctx.answer(held, 7);
            }

            @Override
            public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
                ctx.perform();
            }
        };
        DeviceFixture f = new DeviceFixture(1, T, p);
        Recorder r = new Recorder(f);
        f.device.firmware().legacyAccess(r, 1, 1, false, STATUS, 1, 0);
        f.run();
        assertThat(r.got).containsExactly("1 answer 7@" + T.ps(5000 + 300));
    }

    @Test
    void aHandlersRegisterWritesLandInTheRegisterFileEverySchemeReads() {
        // The MAC applied when its sixth byte arrives: the bytes before it are held in firmware memory.
        int mac = LegacyLayout.deviceConfigStart(false);
        FirmwareProgram sixth = new FirmwareProgram() {
            final long[] bytes = new long[2];
            int seen;

            @Override
            public void onStart(FirmwareContext ctx) {
                ctx.declareMemoryPerVf(6);
            }

            @Override
            public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long value) {
                ctx.busy(50);
                if (op == LegacyOp.WRITE && offset >= mac && offset < mac + 6 && size == 1) {
                    bytes[vf] |= (value & 0xFF) << (8 * (offset - mac));
                    if (++seen == 6) {
                        for (int i = 0; i < 6; i++) {
                            ctx.writeRegister(vf, mac + i, 1, bytes[vf] >>> (8 * i) & 0xFF);
                        }
                    }
                    ctx.answer(0);
                } else {
                    ctx.perform();
                }
            }

            @Override
            public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
                ctx.perform();
            }
        };
        DeviceFixture f = new DeviceFixture(1, T, sixth);
        window(f);
        long base = f.device.layout().vfBarAddress(1);
        long before = macOf(f);
        long wanted = 0x0000_5A4B_3C2D_1E0FL;
        for (int i = 0; i < 5; i++) {
            f.rc.cpuWrite(base + mac + i, 1, wanted >>> (8 * i) & 0xFF);
        }
        f.run();
        assertThat(macOf(f)).as("five bytes held by the firmware").isEqualTo(before);
        f.rc.cpuWrite(base + mac + 5, 1, wanted >>> 40 & 0xFF);
        f.run();
        assertThat(macOf(f)).isEqualTo(wanted);
        Load l = f.load(base + mac, 4);
        f.run();
        assertThat(l.value).as("read back through the window: the same register file").isEqualTo(wanted & 0xFFFF_FFFFL);
        assertThat(f.device.firmware().crossVfAccesses()).isZero();
    }

    private static long macOf(DeviceFixture f) {
        int mac = LegacyLayout.deviceConfigStart(false);
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v |= (long) (f.device.vf(1).read(mac + i, 1) & 0xFF) << (8 * i);
        }
        return v;
    }

    @Test
    void aHandlerTouchingAnotherVfIsCounted() {
        FirmwareProgram p = new FirmwareProgram() {
            @Override
            public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long value) {
                ctx.readRegister(vf == 1 ? 2 : 1, STATUS, 1);
                ctx.answer(0);
            }

            @Override
            public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
                ctx.perform();
            }
        };
        DeviceFixture f = new DeviceFixture(2, T, p);
        f.device.firmware().legacyAccess(new Recorder(f), 1, 1, false, STATUS, 1, 0);
        f.run();
        assertThat(f.device.firmware().crossVfAccesses()).isEqualTo(1);
    }

    @Test
    void aDmaReadContinuesTheProgramWhenItsDataIsIn() {
        long address = 0x4_0000L;
        byte[] host = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        List<Long> resumed = new ArrayList<>();
        FirmwareProgram p = new FirmwareProgram() {
            final byte[] buf = new byte[16];
            int held;

            @Override
            public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long value) {
                ctx.busy(10);
                held = ctx.defer();
                ctx.dmaRead(vf, address, host.length, buf, 2, 99);
            }

            @Override
            public void onResume(FirmwareContext ctx, int token) {
                resumed.add(ctx.now());
                assertThat(token).isEqualTo(99);
                assertThat(ctx.dmaTimedOut()).isFalse();
                ctx.answer(held, (buf[2] & 0xFF) | (buf[13] & 0xFF) << 8);
            }

            @Override
            public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
                ctx.perform();
            }
        };
        DeviceFixture f = new DeviceFixture(2, T, p);
        f.memory.write(address, host, 0, host.length);
        Recorder r = new Recorder(f);
        f.device.firmware().legacyAccess(r, 5, 2, false, STATUS, 1, 0);
        f.run();
        assertThat(r.got).hasSize(1);
        assertThat(r.got.get(0)).startsWith("5 answer " + (1 | 12 << 8) + "@");
        List<DeviceFixture.Seen> reads = f.toHost(s -> s.type() == TlpType.MRd32 || s.type() == TlpType.MRd64);
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).tlp().requesterId()).as("issued with the VF's Requester ID").isEqualTo(f.device.layout().vfRoutingId(2));
        long cplAt = f.toDevice(s -> s.type() == TlpType.CplD).get(0).timePs();
        assertThat(resumed).hasSize(1);
        assertThat(resumed.get(0)).as("the continuation runs once the data is in").isGreaterThanOrEqualTo(cplAt);
        assertThat(f.device.firmware().deferredPending()).isZero();
    }

    @Test
    void theCostOnlyFirmwareRunsExactlyAsFixedDurationCoreJobs() {
        // The same arrivals, with costs that depend on the access, on three cores: once as the
        // default firmware program, once as plain jobs of the cost's duration (what the device
        // did with a cost-only firmware before programs).
        Firmware costs = new Firmware() {
            @Override
            public long legacyAccessCycles(int vf, boolean write, int offset, int size) {
                return 100 + 37L * offset + (write ? 250 : 0) + vf;
            }

            @Override
            public long adminCommandCycles(int opcode, int vf, int dataBytes) {
                return 0;
            }
        };
        SplitMix64 rnd = SplitMix64.forStream(7, "fw.adapter");
        int n = 400;
        long[] arrive = new long[n];
        int[] offset = new int[n];
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += rnd.nextLong(T.ps(2000)); // often overlapping: accesses take 100..1300 cycles
            arrive[i] = i % 5 == 0 ? arrive[Math.max(0, i - 1)] : t; // some arrive together
            offset[i] = (int) rnd.nextLong(20);
        }
        DeviceFixture viaProgram = new DeviceFixture(8, cores(3), new DefaultFirmware(costs));
        Recorder r = new Recorder(viaProgram);
        for (int i = 0; i < n; i++) {
            int k = i;
            viaProgram.kernel.schedule(arrive[i], x -> viaProgram.device.firmware().legacyAccess(r, k, 1 + k % 8, k % 2 == 0,
                    offset[k], 1, 0), 0);
        }
        viaProgram.run();

        org.virtiosim.core.kernel.Kernel kernel = new org.virtiosim.core.kernel.Kernel();
        FirmwareCores jobs = new FirmwareCores(kernel, 3);
        List<String> old = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            kernel.schedule(arrive[i], x -> jobs.submit(T.ps(costs.legacyAccessCycles(1 + k % 8, k % 2 == 0, offset[k], 1)),
                    a -> old.add(a + " perform@" + kernel.now()), k), 0);
        }
        kernel.runUntilIdle();
        assertThat(r.got).isEqualTo(old);
        assertThat(viaProgram.device.cores().busyPs()).isEqualTo(jobs.busyPs());
        assertThat(viaProgram.device.cores().maxQueueWaitPs()).isEqualTo(jobs.maxQueueWaitPs()).isPositive();
    }

    @Test
    void aHandlerThatNeitherAnswersNorDefersIsNamedWithItsVfAndTime() {
        FirmwareProgram silent = new FirmwareProgram() {
            @Override
            public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long value) {
                ctx.busy(1);
            }

            @Override
            public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
                ctx.perform();
            }
        };
        DeviceFixture f = new DeviceFixture(3, T, silent);
        assertThatThrownBy(() -> f.device.firmware().legacyAccess(new Recorder(f), 1, 3, false, STATUS, 1, 0))
                .isInstanceOf(FirmwareException.class)
                .hasMessageContaining("onLegacyAccess for VF 3 at 0 ns").hasMessageContaining("without answering or deferring");
    }

    @Test
    void aHandlerOnNoCoreCannotBeBusyAndMemoryIsDeclaredOnlyAtTheStart() {
        FirmwareProgram p = new FirmwareProgram() {
            @Override
            public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long value) {
                ctx.declareMemoryPerVf(8);
            }

            @Override
            public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
                ctx.perform();
            }

            @Override
            public void onReset(FirmwareContext ctx, int vf) {
                ctx.busy(5);
            }
        };
        DeviceFixture f = new DeviceFixture(1, T, p);
        assertThatThrownBy(() -> f.device.surpriseReset(1)).isInstanceOf(FirmwareException.class)
                .hasMessageContaining("onReset for VF 1").hasMessageContaining("cannot be busy");
        assertThatThrownBy(() -> f.device.firmware().legacyAccess(new Recorder(f), 1, 1, false, STATUS, 1, 0))
                .hasMessageContaining("outside onStart");
    }

    @Test
    void answeringAHandleThatIsNotDeferredFails() {
        FirmwareProgram p = new FirmwareProgram() {
            @Override
            public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long value) {
                ctx.answer(0);
                ctx.answer(12345, 0);
            }

            @Override
            public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
                ctx.perform();
            }
        };
        DeviceFixture f = new DeviceFixture(1, T, p);
        assertThatThrownBy(() -> f.device.firmware().legacyAccess(new Recorder(f), 1, 1, false, STATUS, 1, 0))
                .hasMessageContaining("handle 12345, which is no deferred request");
    }

    @Test
    void routedDoorbellsGoThroughOnNotifyOnACore() {
        List<String> seen = new ArrayList<>();
        FirmwareProgram p = new FirmwareProgram() {
            @Override
            public boolean routesNotifies() {
                return true;
            }

            @Override
            public void onNotify(FirmwareContext ctx, int vf, int queue) {
                seen.add(vf + "/" + queue + "@" + ctx.now() + " core " + ctx.core());
                ctx.busy(700);
                ctx.kick(vf, queue);
            }

            @Override
            public void onLegacyAccess(FirmwareContext ctx, int vf, LegacyOp op, int offset, int size, long value) {
                ctx.perform();
            }

            @Override
            public void onAdminCommand(FirmwareContext ctx, FirmwareCommand command) {
                ctx.perform();
            }
        };
        DeviceFixture f = new DeviceFixture(2, T, p);
        List<Long> kicked = new ArrayList<>();
        f.device.doorbells().setListener((vf, q, time) -> kicked.add(time));
        f.device.doorbells().notify(2, 1);
        f.run();
        assertThat(seen).containsExactly("2/1@0 core 0");
        assertThat(kicked).as("kicked at once, steering runs after the handler").containsExactly(T.ps(T.doorbellCycles()));
        assertThat(f.device.doorbells().kicks(2)).isEqualTo(1);
    }
}
