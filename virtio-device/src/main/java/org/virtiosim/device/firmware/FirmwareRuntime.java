package org.virtiosim.device.firmware;

import org.virtiosim.core.component.Component;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.slot.BooleanColumn;
import org.virtiosim.core.slot.IntColumn;
import org.virtiosim.core.slot.LongColumn;
import org.virtiosim.core.slot.ObjectColumn;
import org.virtiosim.core.slot.SlotTable;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.txn.OutstandingRequests;

/**
 * Runs a {@link FirmwareProgram} on the device's {@link FirmwareCores}. Each event that reaches the
 * firmware (a legacy access, an admin command, a routed doorbell, a DMA completion or timer the
 * program asked for) becomes a run: it waits for a core in arrival order, its handler runs when a
 * core takes it up and says how long the core is busy ({@link FirmwareContext#busy}), and the
 * answers it gave leave when that time is over. Requests are slots of a preallocated table and
 * handles are their ids: nothing is allocated per event in steady state.
 */
public final class FirmwareRuntime {
    /** Handler codes, as {@link #handlerOn} reports them: what a core runs (0: nothing). */
    public static final int IDLE = 0;
    public static final int ON_LEGACY_ACCESS = 1;
    public static final int ON_ADMIN_COMMAND = 2;
    public static final int ON_NOTIFY = 3;
    public static final int ON_RESUME = 4;
    public static final int ON_RESET = 5;
    public static final int ON_RESET_DONE = 6;
    public static final int ON_START = 7;
    private static final String[] NAMES = {"idle", "onLegacyAccess", "onAdminCommand", "onNotify", "onResume", "onReset",
        "onResetDone", "onStart"};

    /** The firmware's DMA tags: the 8-bit Tag field's 256 values (PCIe Base Spec Rev. 6.0 §2.2.6.2). */
    public static final int DMA_TAGS = 256;

    // Run tokens: the kind in bits 58-59, then the kind's payload.
    private static final int KIND_SHIFT = 58;
    private static final long PAYLOAD = (1L << KIND_SHIFT) - 1;
    private static final int VF_SHIFT = 41;
    private static final long TIMED_OUT = 1L << 40;

    private static final int NONE = -1;
    // Request states.
    private static final int RUNNING = 1;
    private static final int DEFERRED = 2;
    private static final int ANSWERED = 3;
    // Answers.
    private static final int PERFORM = 1;
    private static final int ANSWER = 2;
    private static final int FAIL = 3;

    private final Kernel kernel;
    private final long clockPs;
    private final FirmwareCores cores;
    private final FirmwareProgram program;
    private final FirmwareDevice device;
    private final Context ctx = new Context();
    private final Handler timer;

    private final SlotTable requests = new SlotTable(64);
    private final ObjectColumn<FirmwareRequester> requester = requests.objectColumn();
    private final ObjectColumn<FirmwareCommand> command = requests.objectColumn();
    private final LongColumn handle = requests.longColumn();
    private final IntColumn vfOf = requests.intColumn();
    private final BooleanColumn write = requests.booleanColumn();
    private final IntColumn offset = requests.intColumn();
    private final IntColumn size = requests.intColumn();
    private final LongColumn value = requests.longColumn();
    private final IntColumn state = requests.intColumn();
    private final IntColumn answer = requests.intColumn();
    private final LongColumn answerValue = requests.longColumn();
    private final IntColumn answerStatus = requests.intColumn();
    private final IntColumn nextAnswer = requests.intColumn();

    // Per core: the answers its run gave (delivered when the run ends), and what it runs.
    private final int[] answersHead;
    private final int[] answersTail;
    private final int[] handlerOn;
    private final int[] vfOn;

    // The handler running now (handlers nest: one may start another on a free core).
    private int curCore = NONE;
    private int curRequest = NONE;
    private int curHandler = IDLE;
    private int curVf;
    private long curBusy;
    private boolean curTimedOut;

    private long memoryBytesPerVf;
    private int deferred;
    private final int[] deferredOf;
    private long crossVfAccesses;
    private String firstCrossVf;
    private final FirmwareAudit audit = new FirmwareAudit();
    private final LongColumn deferredAt = requests.longColumn();
    private long runs;

    private OutstandingRequests dma;
    private final byte[][] dmaInto = new byte[DMA_TAGS][];
    private final int[] dmaAt = new int[DMA_TAGS];
    private final int[] dmaFill = new int[DMA_TAGS];
    private final int[] dmaLimit = new int[DMA_TAGS];
    private final int[] dmaVf = new int[DMA_TAGS];

    /**
     * @param clockPs the device clock period: a handler's busy cycles are this long
     */
    public FirmwareRuntime(Kernel kernel, long clockPs, FirmwareCores cores, FirmwareProgram program, FirmwareDevice device) {
        this.kernel = kernel;
        this.clockPs = clockPs;
        this.cores = cores;
        this.program = java.util.Objects.requireNonNull(program, "firmware program");
        this.device = device;
        int n = cores.count();
        this.answersHead = new int[n];
        this.answersTail = new int[n];
        java.util.Arrays.fill(answersHead, NONE);
        this.handlerOn = new int[n];
        this.vfOn = new int[n];
        this.deferredOf = new int[device.numVfs() + 1];
        this.timer = token -> cores.submit(token);
        cores.worker(new FirmwareCores.Worker() {
            @Override
            public long start(long token, int core) {
                return run(token, core);
            }

            @Override
            public void end(long token, int core) {
                finish(core);
            }
        });
        invoke(ON_START, NONE, NONE, 0, 0, false);
    }

    public FirmwareProgram program() {
        return program;
    }

    // ---- events reaching the firmware ----

    /** A legacy register access for the firmware; {@code requester.perform/answer(request)} when it is answered. */
    public void legacyAccess(FirmwareRequester from, long request, int vf, boolean isWrite, int off, int bytes, long data) {
        int r = newRequest(from, request, vf);
        write.set(r, isWrite);
        offset.set(r, off);
        size.set(r, bytes);
        value.set(r, data);
        cores.submit((long) ON_LEGACY_ACCESS << KIND_SHIFT | r);
    }

    /** An admin command for the firmware ({@code cmd} stays the requester's until it is answered). */
    public void adminCommand(FirmwareRequester from, long request, FirmwareCommand cmd) {
        long member = cmd.groupMemberId();
        int r = newRequest(from, request, member > 0 && member < deferredOf.length ? (int) member : 0);
        command.set(r, cmd);
        cores.submit((long) ON_ADMIN_COMMAND << KIND_SHIFT | r);
    }

    /** VF {@code vf}'s reset was requested: the program's onReset, at once. */
    public void reset(int vf) {
        invoke(ON_RESET, NONE, NONE, vf, 0, false);
    }

    /** The reset engine finished VF {@code vf}: the program's onResetDone, at once. */
    public void resetDone(int vf) {
        invoke(ON_RESET_DONE, NONE, NONE, vf, 0, false);
    }

    /** A doorbell, when the program routes them ({@link FirmwareProgram#routesNotifies}). */
    public void notify(int vf, int queue) {
        cores.submit((long) ON_NOTIFY << KIND_SHIFT | (long) vf << 16 | (queue & 0xFFFF));
    }

    private int newRequest(FirmwareRequester from, long request, int vf) {
        int r = requests.allocate();
        requester.set(r, from);
        handle.set(r, request);
        vfOf.set(r, vf);
        state.set(r, RUNNING);
        answer.set(r, 0);
        nextAnswer.set(r, NONE);
        return r;
    }

    // ---- runs ----

    private long run(long token, int core) {
        runs++;
        int kind = (int) (token >>> KIND_SHIFT);
        long p = token & PAYLOAD;
        long cycles;
        switch (kind) {
            case ON_LEGACY_ACCESS, ON_ADMIN_COMMAND -> cycles = invoke(kind, core, (int) p, vfOf.get((int) p), 0, false);
            case ON_NOTIFY -> cycles = invoke(kind, core, NONE, (int) (p >>> 16), (int) (p & 0xFFFF), false);
            default -> cycles = invoke(ON_RESUME, core, NONE, (int) (p >>> VF_SHIFT & 0xFFFF), (int) p, (p & TIMED_OUT) != 0);
        }
        return cycles * clockPs;
    }

    /** Calls one handler with its context set (and the caller's restored after): returns its busy cycles. */
    private long invoke(int handler, int core, int request, int vf, int arg, boolean timedOut) {
        int sCore = curCore;
        int sRequest = curRequest;
        int sHandler = curHandler;
        int sVf = curVf;
        long sBusy = curBusy;
        boolean sTimedOut = curTimedOut;
        curCore = core;
        curRequest = request;
        curHandler = handler;
        curVf = vf;
        curBusy = 0;
        curTimedOut = timedOut;
        if (core >= 0) {
            handlerOn[core] = handler;
            vfOn[core] = vf;
            if (pHandler != null) {
                pHandler[core].set(handler);
                pVf[core].set(vf < 0 ? 0 : vf);
            }
        }
        try {
            switch (handler) {
                case ON_LEGACY_ACCESS -> program.onLegacyAccess(ctx, vf, write.get(request) ? LegacyOp.WRITE : LegacyOp.READ,
                        offset.get(request), size.get(request), value.get(request));
                case ON_ADMIN_COMMAND -> program.onAdminCommand(ctx, command.get(request));
                case ON_NOTIFY -> program.onNotify(ctx, vf, arg);
                case ON_RESUME -> program.onResume(ctx, arg);
                case ON_RESET -> program.onReset(ctx, vf);
                case ON_RESET_DONE -> program.onResetDone(ctx, vf);
                default -> program.onStart(ctx);
            }
            if (request != NONE && state.get(request) == RUNNING) {
                throw failure("returned without answering or deferring its request");
            }
            return curBusy;
        } catch (FirmwareException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FirmwareException(where() + " threw " + FirmwareException.said(e), e);
        } finally {
            curCore = sCore;
            curRequest = sRequest;
            curHandler = sHandler;
            curVf = sVf;
            curBusy = sBusy;
            curTimedOut = sTimedOut;
        }
    }

    /** A run's time is over: the answers it gave leave, in the order it gave them. */
    private void finish(int core) {
        handlerOn[core] = IDLE;
        if (pHandler != null) {
            pHandler[core].set(IDLE);
            pVf[core].set(0);
        }
        int r = answersHead[core];
        answersHead[core] = NONE;
        while (r != NONE) {
            int next = nextAnswer.get(r);
            deliver(r);
            r = next;
        }
    }

    private void deliver(int r) {
        audit(r);
        FirmwareRequester to = requester.get(r);
        long h = handle.get(r);
        int how = answer.get(r);
        long v = answerValue.get(r);
        int status = answerStatus.get(r);
        requester.set(r, null);
        command.set(r, null);
        requests.free(r);
        switch (how) {
            case PERFORM -> to.perform(h);
            case ANSWER -> to.answer(h, v);
            default -> to.fail(h, status, (int) v);
        }
    }

    /** An answer leaving the firmware, against the protocol: {@link FirmwareAudit}. */
    private void audit(int r) {
        int how = answer.get(r);
        if (how == PERFORM) {
            return; // the device's own behaviour: its checks are the device's
        }
        int vf = vfOf.get(r);
        LegacyRegisterFile f = vf > 0 ? device.vf(vf) : null;
        boolean resetting = f != null && f.resetInProgress();
        int statusNow = f != null ? f.status() : 0;
        FirmwareCommand c = command.get(r);
        long now = kernel.now();
        if (c == null) {
            if (how == ANSWER && !write.get(r)) {
                audit.legacyReadAnswered(vf, offset.get(r), size.get(r), answerValue.get(r), resetting, statusNow, now);
            }
        } else if (how == ANSWER) {
            audit.commandAnswered(vf, c, answerValue.get(r), resetting, statusNow, now);
        } else {
            audit.commandFailed(vf, c, answerStatus.get(r), (int) answerValue.get(r), now);
        }
    }

    private void give(int r, int how, long v, int status) {
        state.set(r, ANSWERED);
        answer.set(r, how);
        answerValue.set(r, v);
        answerStatus.set(r, status);
        nextAnswer.set(r, NONE);
        if (curCore < 0) {
            deliver(r);
        } else if (answersHead[curCore] == NONE) {
            answersHead[curCore] = r;
            answersTail[curCore] = r;
        } else {
            nextAnswer.set(answersTail[curCore], r);
            answersTail[curCore] = r;
        }
    }

    private void answerOwn(int how, long v, int status) {
        if (curRequest == NONE) {
            throw failure("has no request of its own to answer");
        }
        if (state.get(curRequest) != RUNNING) {
            throw failure("answered or deferred its request twice");
        }
        give(curRequest, how, v, status);
    }

    private void answerDeferred(int h, int how, long v, int status) {
        if (h < 0 || h >= requests.capacity() || requester.get(h) == null || state.get(h) != DEFERRED) {
            throw failure("answered handle " + h + ", which is no deferred request");
        }
        deferred--;
        deferredOf[vfOf.get(h)]--;
        traceDeferred(vfOf.get(h));
        give(h, how, v, status);
    }

    private FirmwareException failure(String what) {
        return new FirmwareException(where() + " " + what);
    }

    private String where() {
        return "firmware " + program.getClass().getSimpleName() + "." + NAMES[curHandler] + " for VF " + curVf + " at "
                + kernel.now() / 1000 + " ns:";
    }

    private LegacyRegisterFile regs(int vf) {
        if (vf < 1 || vf > device.numVfs()) {
            throw failure("named VF " + vf + " of 1.." + device.numVfs());
        }
        if (curVf > 0 && vf != curVf && crossVfAccesses++ == 0) {
            firstCrossVf = "VF " + curVf + "'s " + NAMES[curHandler] + " touched VF " + vf + "'s state at " + kernel.now() / 1000
                    + " ns (expected only VF " + curVf + "'s)";
        }
        return device.vf(vf);
    }

    private void dmaCompletion(int tag, long token, Tlp cpl, boolean last) {
        int lead = cpl.lowerAddress() & 3;
        int n = Math.min(Math.min(cpl.byteCount(), cpl.lengthDw() * 4 - lead), dmaLimit[tag] - dmaFill[tag]);
        if (n > 0 && cpl.hasDataBuffer()) {
            System.arraycopy(cpl.data(), lead, dmaInto[tag], dmaAt[tag] + dmaFill[tag], n);
            dmaFill[tag] += n;
        }
        if (last) {
            dmaInto[tag] = null;
            cores.submit(resumeToken(dmaVf[tag], (int) token, false));
        }
    }

    private void dmaTimeout(int tag, long token) {
        dmaInto[tag] = null;
        cores.submit(resumeToken(dmaVf[tag], (int) token, true));
    }

    private static long resumeToken(int vf, int token, boolean timedOut) {
        return (long) ON_RESUME << KIND_SHIFT | (long) (vf & 0xFFFF) << VF_SHIFT | (timedOut ? TIMED_OUT : 0) | (token & 0xFFFF_FFFFL);
    }

    // ---- waveforms ----

    /** Widths of the handler signals: a handler code (0..{@link #ON_START}), a VF number (1..65279), a count of deferred answers. */
    public static final int HANDLER_BITS = 4;
    public static final int VF_BITS = 16;
    public static final int DEFERRED_BITS = 16;

    // Waveform signals; null unless trace() was called.
    private Probe[] pHandler;
    private Probe[] pVf;
    private Probe[] pDeferred;

    /**
     * Creates the program's signals: per core, {@code coreN.handler} (the handler it runs, a code
     * {@link #handlerName} names; 0 while idle) and {@code coreN.vf} (the VF it runs for, 0 for
     * none) under {@code firmware}, and {@code coreN.running}, the two as text
     * ({@link FirmwareHandlerText}, decoded by the waveform writer); per VF, {@code deferred} (answers deferred and not yet given)
     * under {@code vfs[vf]} (index 0 unused).
     */
    public void trace(Component firmware, Component[] vfs) {
        int n = cores.count();
        pHandler = new Probe[n];
        pVf = new Probe[n];
        for (int i = 0; i < n; i++) {
            Component core = firmware.child("core" + i);
            pHandler[i] = core.probe("handler", HANDLER_BITS);
            pVf[i] = core.probe("vf", VF_BITS);
            core.text("running", FirmwareHandlerText::format, pHandler[i], pVf[i]);
            pHandler[i].set(handlerOn[i]);
            pVf[i].set(vfOn(i));
        }
        pDeferred = new Probe[deferredOf.length];
        for (int vf = 1; vf < deferredOf.length && vf < vfs.length; vf++) {
            pDeferred[vf] = vfs[vf].probe("deferred", DEFERRED_BITS);
            pDeferred[vf].set(deferredOf[vf]);
        }
    }

    private void traceDeferred(int vf) {
        if (pDeferred != null && pDeferred[vf] != null) {
            pDeferred[vf].set(deferredOf[vf]);
        }
    }

    /** Every handler code with its name, in code order: what a waveform viewer's translate file lists. */
    public static java.util.List<String> handlerNames() {
        return java.util.List.of(NAMES);
    }

    // ---- what the rest of the simulator reads ----

    /** Firmware memory per VF the program declared (device_cost's firmware_bytes_per_vf adds it). */
    public long memoryBytesPerVf() {
        return memoryBytesPerVf;
    }

    /** Requests deferred and not yet answered. */
    public int deferredPending() {
        return deferred;
    }

    /** Those of VF {@code vf}. */
    public int deferredPending(int vf) {
        return vf >= 0 && vf < deferredOf.length ? deferredOf[vf] : 0;
    }

    /** Register reads and writes a handler made of a VF other than the one it runs for. */
    public long crossVfAccesses() {
        return crossVfAccesses;
    }

    /** The first of them: whose handler, which VF it touched, when; null if none. */
    public String firstCrossVfAccess() {
        return firstCrossVf;
    }

    /** What the program's answers did against the protocol. */
    public FirmwareAudit audit() {
        return audit;
    }

    /**
     * The oldest request still deferred (VF, what it is, since when), for the end-of-run check that
     * every deferred answer was given; null if none is pending.
     */
    public String oldestDeferred() {
        int oldest = NONE;
        for (int r = 0; r < requests.capacity(); r++) {
            if (requester.get(r) != null && state.get(r) == DEFERRED && (oldest == NONE || deferredAt.get(r) < deferredAt.get(oldest))) {
                oldest = r;
            }
        }
        if (oldest == NONE) {
            return null;
        }
        FirmwareCommand c = command.get(oldest);
        String what = c != null ? "admin command opcode 0x" + Integer.toHexString(c.opcode()) + " (legacy offset 0x"
                + Integer.toHexString(c.legacyOffset()) + ")"
                : "legacy " + (write.get(oldest) ? "write" : "read") + " of " + size.get(oldest) + " byte(s) at offset 0x"
                        + Integer.toHexString(offset.get(oldest));
        return "VF " + vfOf.get(oldest) + " " + what + " deferred at " + deferredAt.get(oldest) / 1000
                + " ns, never answered (expected perform, answer or fail on its handle before the run ended)";
    }

    /** Handler runs on the cores so far. */
    public long runs() {
        return runs;
    }

    /** The handler core {@code core} runs now ({@link #IDLE}, {@link #ON_LEGACY_ACCESS}, ...). */
    public int handlerOn(int core) {
        return handlerOn[core];
    }

    /** The VF that handler runs for (0 for none). */
    public int vfOn(int core) {
        return handlerOn[core] == IDLE ? 0 : vfOn[core];
    }

    /** A handler code's name ({@code onLegacyAccess}, ...). */
    public static String handlerName(int code) {
        return NAMES[code];
    }

    public FirmwareCores cores() {
        return cores;
    }

    /** The context handlers get. */
    private final class Context implements FirmwareContext {
        @Override
        public long now() {
            return kernel.now();
        }

        @Override
        public int numVfs() {
            return device.numVfs();
        }

        @Override
        public int core() {
            return curCore;
        }

        @Override
        public void busy(long cycles) {
            if (curCore < 0) {
                throw failure("runs on no core and cannot be busy; resumeAfter(cycles, token) runs work on a core");
            }
            if (cycles < 0) {
                throw failure("busy(" + cycles + "): cycles must be >= 0");
            }
            curBusy += cycles;
        }

        @Override
        public long readRegister(int vf, int off, int bytes) {
            LegacyRegisterFile r = regs(vf);
            return r.checkAccess(off, bytes) == null ? r.read(off, bytes) & 0xFFFF_FFFFL : (1L << (8 * bytes)) - 1;
        }

        @Override
        public void writeRegister(int vf, int off, int bytes, long data) {
            String bad = regs(vf).checkWrite(off, bytes);
            if (bad != null) {
                throw failure("wrote " + bytes + " bytes at legacy offset " + off + ": " + bad);
            }
            device.applyLegacyWrite(vf, off, bytes, data);
        }

        @Override
        public int deviceConfigOffset(int vf) {
            return org.virtiosim.device.legacy.LegacyLayout.deviceConfigStart(regs(vf).msixEnabled());
        }

        @Override
        public boolean resetInProgress(int vf) {
            return regs(vf).resetInProgress();
        }

        @Override
        public void perform() {
            answerOwn(PERFORM, 0, 0);
        }

        @Override
        public void answer(long v) {
            answerOwn(ANSWER, v, 0);
        }

        @Override
        public void fail(int status, int qualifier) {
            answerOwn(FAIL, qualifier, status);
        }

        @Override
        public int defer() {
            if (curRequest == NONE) {
                throw failure("has no request of its own to defer");
            }
            if (state.get(curRequest) != RUNNING) {
                throw failure("answered or deferred its request twice");
            }
            state.set(curRequest, DEFERRED);
            deferredAt.set(curRequest, kernel.now());
            deferred++;
            deferredOf[vfOf.get(curRequest)]++;
            traceDeferred(vfOf.get(curRequest));
            return curRequest;
        }

        @Override
        public void perform(int h) {
            answerDeferred(h, PERFORM, 0, 0);
        }

        @Override
        public void answer(int h, long v) {
            answerDeferred(h, ANSWER, v, 0);
        }

        @Override
        public void fail(int h, int status, int qualifier) {
            answerDeferred(h, FAIL, qualifier, status);
        }

        @Override
        public void startReset(int vf) {
            regs(vf);
            device.startReset(vf);
        }

        @Override
        public void finishReset(int vf) {
            regs(vf);
            device.finishReset(vf);
        }

        @Override
        public void kick(int vf, int queue) {
            regs(vf);
            device.kick(vf, queue);
        }

        @Override
        public void raiseMsix(int vf, int vector) {
            regs(vf);
            device.raiseMsix(vf, vector);
        }

        @Override
        public void dmaRead(int vf, long address, int bytes, byte[] into, int at, int token) {
            regs(vf);
            if (bytes < 1 || at < 0 || at + bytes > into.length) {
                throw failure("dmaRead of " + bytes + " bytes into [" + at + ", " + (at + bytes) + ") of a " + into.length + "-byte buffer");
            }
            if (dma == null) {
                dma = device.enableFirmwareDma(DMA_TAGS, new OutstandingRequests.Listener() {
                    @Override
                    public void completion(int tag, long context, Tlp cpl, boolean last) {
                        dmaCompletion(tag, context, cpl, last);
                    }

                    @Override
                    public void timedOut(int tag, long context) {
                        dmaTimeout(tag, context);
                    }
                });
            }
            int tag = dma.allocate(token & 0xFFFF_FFFFL, bytes);
            if (tag < 0) {
                throw failure("dmaRead with all " + DMA_TAGS + " firmware DMA tags in flight");
            }
            dmaInto[tag] = into;
            dmaAt[tag] = at;
            dmaFill[tag] = 0;
            dmaLimit[tag] = bytes;
            dmaVf[tag] = vf;
            device.dmaRead(vf, tag, address, bytes);
        }

        @Override
        public void dmaWrite(int vf, long address, byte[] from, int at, int bytes) {
            regs(vf);
            device.dmaWrite(vf, address, from, at, bytes);
        }

        @Override
        public boolean dmaTimedOut() {
            return curTimedOut;
        }

        @Override
        public void resumeAfter(long cycles, int token) {
            if (cycles < 0) {
                throw failure("resumeAfter(" + cycles + "): cycles must be >= 0");
            }
            long t = resumeToken(curVf, token, false);
            if (cycles == 0) {
                cores.submit(t);
            } else {
                kernel.scheduleIn(cycles * clockPs, timer, t);
            }
        }

        @Override
        public void declareMemoryPerVf(int bytes) {
            if (curHandler != ON_START) {
                throw failure("declared firmware memory outside onStart");
            }
            if (bytes < 0) {
                throw failure("declared " + bytes + " bytes of firmware memory per VF");
            }
            memoryBytesPerVf += bytes;
        }
    }
}
