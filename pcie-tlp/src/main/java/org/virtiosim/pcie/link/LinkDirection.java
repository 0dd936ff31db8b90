package org.virtiosim.pcie.link;

import org.virtiosim.core.component.Component;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.pcie.fc.CreditCounter;
import org.virtiosim.pcie.fc.CreditType;
import org.virtiosim.pcie.fc.ReceiverCredits;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.tlp.TlpPool;
import org.virtiosim.pcie.tlp.TlpType;

/**
 * One direction of a link: the transmitter's queues, ordering and flow control, serialization on
 * the lanes, DLLP and SKP overhead, flight, and delivery to the receiving Transaction Layer.
 *
 * <p>Ordering (PCI Express Base Specification Rev. 6.0 §2.4.1, Table 2-39, default ordering, no
 * Relaxed Ordering): posted requests stay in order and may pass non-posted requests and
 * completions that are blocked (they must be able to, to avoid deadlock); non-posted requests and
 * completions never pass an older posted request; each class stays in its own order. Among the
 * TLPs allowed to go, the oldest goes first.
 *
 * <p>Flow control (§2.6.1): a TLP is sent only when the far receiver has advertised enough header
 * and data credits; credits come back when the receiver has taken the TLP, after an UpdateFC
 * crosses the reverse direction.
 *
 * <p>Time on the lanes is kept in ps × 2^16 so that byte times are exact and back-to-back TLPs do
 * not drift by rounding; kernel events are at the next whole picosecond. Those lane times count
 * from an epoch ({@link #epochPs}) that moves up with the kernel's clock, so they stay far below
 * 2^63 whatever the simulated time (2^63 fixed-point units from time 0 would be only 2^47 ps, 140 s):
 * every time that can still matter (the transmitter busy, SKP due, a queued TLP) is within a few µs
 * of now and is kept exactly; older ones only ever lose a {@code max} and are held at the far past.
 */
public final class LinkDirection {
    /** Gen1/2 SKP ordered set: 4 symbols every 1538 symbol times at most (§4.2.7). */
    private static final int SKP_8B10B_SYMBOLS = 4;
    private static final int SKP_8B10B_INTERVAL = 1538;
    /** 128b/130b SKP ordered set: 16 symbols every 370 to 375 blocks of 16 symbols (§4.2.7.3); 372 taken. */
    private static final int SKP_128B130B_SYMBOLS = 16;
    private static final int SKP_128B130B_INTERVAL = 372 * 16;
    /** DLLP on the wire: 6 bytes plus framing (SDP token, or SDP and END symbols) (§3.5, §4.2.2.3). */
    public static final int DLLP_WIRE_BYTES = 8;

    private final Kernel kernel;
    private final LinkConfig config;
    private final String name;
    private final TlpPool pool;
    private final long byteTimeFp;
    private final int framing;
    private final int allowanceLimit;
    private final CreditCounter[] credits = new CreditCounter[CreditType.values().length];

    private TlpSink sink;
    private LinkDirection reverse;

    private final TlpFifo posted = new TlpFifo();
    private final TlpFifo nonPosted = new TlpFifo();
    private final TlpFifo completions = new TlpFifo();
    private long nextOrder;
    private long busyUntilFp;
    private boolean txEventPending;

    // TLPs on the wire, in order of arrival (an ArrayDeque allocates only when it grows).
    private final java.util.ArrayDeque<Tlp> inflight = new java.util.ArrayDeque<>(64);

    // Credit returns travelling back to this transmitter: category ordinal and data credits.
    private int[] returnCategory = new int[64];
    private int[] returnData = new int[64];
    private int[] returnHeaders = new int[64];
    private int returnHead;
    private int returnSize;

    // pcie-bench allowance accumulators, bytes.
    private long ackAcc;
    private long fcAcc;
    private long skpAcc;
    // SPEC policy state (this direction's receiver side; its DLLPs go on the reverse direction).
    private boolean ackTimerPending;
    private boolean fcTimerPending;
    private final int[] freedHeaders = new int[3];
    private final int[] freedData = new int[3];
    private long nextSkpFp;
    /** Kernel time the lane times (…Fp) count from, ps; moves up by {@link #REBASE_PS} steps or more. */
    private long epochPs;

    // Statistics.
    private long tlpsSent;
    private long tlpsDelivered;
    private long payloadBytesSent;
    private long tlpWireBytes;
    private long dllpBytes;
    private long skpBytes;
    private long creditStalls;

    private final Handler txFree = arg -> {
        txEventPending = false;
        tryTransmit(0);
    };
    private final Handler arrival = arg -> deliverHead();
    private final Handler creditArrival = arg -> applyCreditReturn();
    private final Handler ackTimer = arg -> {
        ackTimerPending = false;
        reverse.insertDllp();
    };
    private final Handler fcTimer = arg -> sendUpdateFcs();

    // Waveform signals: null unless trace() was called, so an untraced link pays one null check.
    private Probe pType;
    private Probe pTag;
    private Probe pAddress;
    private Probe pLength;
    private Probe pStatus;
    private Probe[] pCredits;

    /**
     * Creates this direction's waveform signals under {@code c}: the TLP on the lanes ({@code tlp_type}
     * = {@link TlpType} ordinal + 1, 0 when idle; its tag, address and length in DW; a completion's
     * Completion Status code in {@code tlp_status}; a configuration request's address is its target's
     * Routing ID &lt;&lt; 12 | register byte offset, as in ECAM), the credits available per type
     * (infinite shows as 0xFFFF), and {@code tlp}, the same TLP as one line of text ({@link TlpText}),
     * decoded by the waveform writer from those probes.
     */
    public void trace(Component c) {
        pType = c.probe("tlp_type", 4);
        pTag = c.probe("tlp_tag", 10);
        pAddress = c.probe("tlp_address", 64);
        pLength = c.probe("tlp_length_dw", 11);
        pStatus = c.probe("tlp_status", 3);
        c.text("tlp", TlpText::format, pType, pTag, pAddress, pLength, pStatus);
        pCredits = new Probe[CreditType.values().length];
        for (CreditType t : CreditType.values()) {
            pCredits[t.ordinal()] = c.probe("credits_" + t.name(), 16);
            if (credits[t.ordinal()].isInfinite()) {
                pCredits[t.ordinal()].set(0xFFFF); // for good: an infinite counter stays infinite (§2.6.1.1)
            } else {
                traceCredits(t.ordinal());
            }
        }
    }

    private void traceCredits(int i) {
        CreditCounter c = credits[i];
        // Infinite credits never change their signal: skipping them saves a probe set per TLP
        // and per credit return (about 50 M in a traced 4096-VF compare).
        if (!c.isInfinite()) {
            pCredits[i].set(Math.min(c.available(), 0xFFFE));
        }
    }

    private void traceStart(Tlp t, long endFp, CreditType h, CreditType d) {
        // Idle again when the TLP leaves the lanes, unless the next one starts then: a pending
        // value, not a kernel event, so a traced run fires exactly the events of an untraced one.
        pType.setThen(t.type().ordinal() + 1, psOf(endFp), 0);
        pTag.set(t.tag());
        pAddress.set(t.type().isCompletion() ? 0 : t.type() == TlpType.CfgRd0 || t.type() == TlpType.CfgWr0
                ? (long) t.targetId() << 12 | t.registerOffset() : t.address());
        pLength.set(t.lengthDw());
        if (t.type().isCompletion()) {
            pStatus.set(t.status().code());
        }
        traceCredits(h.ordinal());
        traceCredits(d.ordinal());
    }

    /**
     * @param farCredits what the receiver at the far end advertises
     */
    public LinkDirection(Kernel kernel, LinkConfig config, String name, TlpPool pool, ReceiverCredits farCredits) {
        this.kernel = kernel;
        this.config = config;
        this.name = name;
        this.pool = pool;
        this.byteTimeFp = config.byteTimeFp();
        this.framing = config.generation().tlpFramingBytes();
        this.allowanceLimit = config.generation() == LinkGeneration.GEN6 ? 0 : config.ackFcLimit();
        for (CreditType t : CreditType.values()) {
            credits[t.ordinal()] = new CreditCounter(t, farCredits.of(t));
        }
        this.nextSkpFp = skpIntervalFp();
    }

    void connect(TlpSink receiver, LinkDirection reverseDirection) {
        this.sink = receiver;
        this.reverse = reverseDirection;
    }

    public String name() {
        return name;
    }

    public LinkConfig config() {
        return config;
    }

    public TlpPool pool() {
        return pool;
    }

    /** A cleared TLP from the link's pool, for {@link #send}. */
    public Tlp newTlp() {
        return pool.acquire();
    }

    /** Queues a TLP for transmission; the link owns it from here on. */
    public void send(Tlp tlp) {
        if (sink == null) {
            throw new IllegalStateException(name + ": not connected");
        }
        long nowFp = nowFp();
        fifo(tlp.type()).push(tlp, nextOrder++, nowFp);
        if (!txEventPending) {
            tryTransmit(nowFp);
        }
    }

    /** TLPs queued and not yet on the wire. */
    public int queued() {
        return posted.size() + nonPosted.size() + completions.size();
    }

    public CreditCounter credits(CreditType t) {
        return credits[t.ordinal()];
    }

    private TlpFifo fifo(TlpType t) {
        return switch (t.category()) {
            case POSTED -> posted;
            case NON_POSTED -> nonPosted;
            case COMPLETION -> completions;
        };
    }

    private boolean creditsFor(Tlp t) {
        return credits[CreditType.header(t.type()).ordinal()].canConsume(1)
                && credits[CreditType.data(t.type()).ordinal()].canConsume(CreditType.dataCredits(t.payloadBytes()));
    }

    /** Picks the next TLP the ordering and credit rules allow, or null. */
    private TlpFifo choose() {
        long postedOrder = posted.peekOrder();
        TlpFifo best = null;
        long bestOrder = Long.MAX_VALUE;
        if (!posted.isEmpty() && creditsFor(posted.peek())) {
            best = posted;
            bestOrder = postedOrder;
        }
        if (!nonPosted.isEmpty() && nonPosted.peekOrder() < postedOrder && nonPosted.peekOrder() < bestOrder
                && creditsFor(nonPosted.peek())) {
            best = nonPosted;
            bestOrder = nonPosted.peekOrder();
        }
        if (!completions.isEmpty() && completions.peekOrder() < postedOrder && completions.peekOrder() < bestOrder
                && creditsFor(completions.peek())) {
            best = completions;
        }
        return best;
    }

    private void tryTransmit(long notBeforeFp) {
        long nowFp = nowFp();
        if (busyUntilFp > nowFp) {
            scheduleTxFree();
            return;
        }
        if (queued() == 0) {
            return;
        }
        TlpFifo f = choose();
        if (f == null) {
            creditStalls++;
            return; // a credit return calls back
        }
        long start = Math.max(busyUntilFp, Math.max(f.peekQueuedFp(), notBeforeFp));
        Tlp t = f.pop();
        TlpType type = t.type();
        int payload = t.payloadBytes();
        credits[CreditType.header(type).ordinal()].consume(1);
        credits[CreditType.data(type).ordinal()].consume(CreditType.dataCredits(payload));
        int wire = t.transactionLayerBytes() + framing;
        long end = start + wire * byteTimeFp;
        end = addOverhead(start, end, wire);
        busyUntilFp = end;
        if (pType != null) {
            traceStart(t, end, CreditType.header(type), CreditType.data(type));
        }
        tlpsSent++;
        payloadBytesSent += payload;
        tlpWireBytes += wire;
        inflight.add(t);
        kernel.schedule(psOf(end) + config.flightLatencyPs(), arrival, 0);
        if (queued() != 0) {
            scheduleTxFree();
        }
    }

    private void scheduleTxFree() {
        if (!txEventPending) {
            txEventPending = true;
            kernel.schedule(Math.max(kernel.now(), psOf(busyUntilFp)), txFree, 0);
        }
    }

    /** Adds DLLP and SKP time after a transmission of {@code wire} bytes from start to end. */
    private long addOverhead(long start, long end, int wire) {
        switch (config.dllpPolicy()) {
            case PCIE_BENCH -> {
                long extra = 0;
                ackAcc += wire;
                fcAcc += wire;
                skpAcc += wire;
                while (true) {
                    int add;
                    if (allowanceLimit > 0 && ackAcc >= allowanceLimit) {
                        ackAcc -= allowanceLimit;
                        add = DLLP_WIRE_BYTES;
                        dllpBytes += add;
                    } else if (allowanceLimit > 0 && fcAcc >= allowanceLimit) {
                        fcAcc -= allowanceLimit;
                        add = DLLP_WIRE_BYTES;
                        dllpBytes += add;
                    } else if (skpAcc >= SKP_8B10B_INTERVAL) {
                        skpAcc -= SKP_8B10B_INTERVAL;
                        add = SKP_8B10B_SYMBOLS;
                        skpBytes += add;
                    } else {
                        break;
                    }
                    extra += add;
                    ackAcc += add;
                    fcAcc += add;
                    skpAcc += add;
                }
                return end + extra * byteTimeFp;
            }
            case SPEC -> {
                long period = skpIntervalFp();
                if (nextSkpFp < start) {
                    // Ordered sets sent while idle delay nothing.
                    nextSkpFp += (start - nextSkpFp + period - 1) / period * period;
                }
                long sym = config.symbolTimeFp();
                int len = skpSymbols();
                while (nextSkpFp < end) {
                    end += len * sym;
                    skpBytes += (long) len * config.lanes();
                    nextSkpFp += period;
                }
                return end;
            }
            default -> {
                return end;
            }
        }
    }

    private int skpSymbols() {
        return config.generation().ordinal() <= LinkGeneration.GEN2.ordinal() ? SKP_8B10B_SYMBOLS : SKP_128B130B_SYMBOLS;
    }

    private long skpIntervalFp() {
        int symbols = config.generation().ordinal() <= LinkGeneration.GEN2.ordinal() ? SKP_8B10B_INTERVAL : SKP_128B130B_INTERVAL;
        return symbols * config.symbolTimeFp();
    }

    /** Puts one DLLP on this direction ahead of queued TLPs; returns when its last byte leaves, kernel ps. */
    long insertDllp() {
        long nowFp = nowFp();
        long start = Math.max(busyUntilFp, nowFp);
        long end = start + DLLP_WIRE_BYTES * byteTimeFp;
        busyUntilFp = end;
        dllpBytes += DLLP_WIRE_BYTES;
        if (queued() != 0) {
            scheduleTxFree();
        }
        return psOf(end);
    }

    /**
     * Fault injection at the receiving end: sees every TLP before the receiver does; returns false to
     * make it vanish (its credits are still freed: the receiver's buffer took it), and may change it
     * (poison it) or keep a copy to {@link #deliverLate} later.
     */
    @FunctionalInterface
    public interface FaultHook {
        boolean deliver(Tlp tlp);
    }

    private FaultHook faultHook;

    public void setFaultHook(FaultHook hook) {
        this.faultHook = hook;
    }

    /** Hands a TLP to the receiver outside the link's order (a fault's late delivery); the caller owns the TLP. */
    public void deliverLate(Tlp tlp) {
        sink.receive(tlp);
    }

    private void deliverHead() {
        Tlp t = inflight.poll();
        tlpsDelivered++;
        int category = t.type().category().ordinal();
        int data = CreditType.dataCredits(t.payloadBytes());
        if (faultHook == null || faultHook.deliver(t)) {
            sink.receive(t);
        }
        pool.release(t);
        freed(category, data);
    }

    /** The receiver took a TLP: its credits go back to the transmitter, as the policy says. */
    private void freed(int category, int data) {
        switch (config.dllpPolicy()) {
            case SPEC -> {
                freedHeaders[category]++;
                freedData[category] += data;
                if (!fcTimerPending) {
                    fcTimerPending = true;
                    kernel.schedule(kernel.now() + ceilPs(config.ackFcLimit() * config.symbolTimeFp()), fcTimer, 0);
                }
                if (!ackTimerPending) {
                    ackTimerPending = true;
                    kernel.schedule(kernel.now() + ceilPs(config.ackFcLimit() * config.symbolTimeFp()), ackTimer, 0);
                }
            }
            default -> {
                if (credits[2 * category].isInfinite() && credits[2 * category + 1].isInfinite()) {
                    // Nothing to return (completions, by default: ReceiverCredits): the return
                    // would raise no limit, and a transmitter waiting for credits waits only on
                    // finite ones, so it could not end a wait either. No event for it: that was
                    // 10.6 M of the 97.7 M events of the 4096-VF indirect run (counted), and the
                    // compare's output and waveforms are byte for byte those of before.
                    return;
                }
                // The UpdateFC's time on the reverse link is in the allowance; it still takes its
                // serialization and flight to arrive.
                long due = kernel.now() + ceilPs(DLLP_WIRE_BYTES * reverse.byteTimeFp) + reverse.config.flightLatencyPs();
                queueCreditReturn(category, 1, data, due);
            }
        }
    }

    private void sendUpdateFcs() {
        fcTimerPending = false;
        for (int c = 0; c < 3; c++) {
            if (freedHeaders[c] == 0) {
                continue;
            }
            long endPs = reverse.insertDllp();
            queueCreditReturn(c, freedHeaders[c], freedData[c], endPs + reverse.config.flightLatencyPs());
            freedHeaders[c] = 0;
            freedData[c] = 0;
        }
    }

    private void queueCreditReturn(int category, int headers, int data, long duePs) {
        if (returnSize == returnCategory.length) {
            int n = returnCategory.length;
            int[] c2 = new int[n * 2];
            int[] d2 = new int[n * 2];
            int[] h2 = new int[n * 2];
            for (int k = 0; k < returnSize; k++) {
                int i = (returnHead + k) & (n - 1);
                c2[k] = returnCategory[i];
                d2[k] = returnData[i];
                h2[k] = returnHeaders[i];
            }
            returnCategory = c2;
            returnData = d2;
            returnHeaders = h2;
            returnHead = 0;
        }
        int i = (returnHead + returnSize) & (returnCategory.length - 1);
        returnCategory[i] = category;
        returnData[i] = data;
        returnHeaders[i] = headers;
        returnSize++;
        kernel.schedule(duePs, creditArrival, 0);
    }

    private void applyCreditReturn() {
        int i = returnHead;
        int c = returnCategory[i];
        returnHead = (returnHead + 1) & (returnCategory.length - 1);
        returnSize--;
        int h = returnHeaders[i];
        int d = returnData[i];
        // Category ordinals POSTED, NON_POSTED, COMPLETION map onto PH/PD, NPH/NPD, CplH/CplD.
        credits[2 * c].returned(h);
        credits[2 * c + 1].returned(d);
        if (pCredits != null) {
            traceCredits(2 * c);
            traceCredits(2 * c + 1);
        }
        if (queued() != 0 && !txEventPending) {
            tryTransmit(nowFp());
        }
    }

    /** Lane times this far after the epoch move it up: 2^40 ps (1.1 s), far inside the 2^47 ps a lane time can hold. */
    static final long REBASE_PS = 1L << 40;
    /** How far behind now the new epoch goes: 1 µs, more than any lane time in use lags now (a txFree is at most 1 ps late). */
    private static final long REBASE_MARGIN_PS = 1_000_000;
    /** A lane time older than this, relative to the epoch, is held here: it can only lose a max() to now. */
    private static final long FAR_PAST_FP = -(1L << 50);

    /** Now as a lane time; moves the epoch up first when now is {@link #REBASE_PS} past it. */
    private long nowFp() {
        long now = kernel.now();
        if (now - epochPs >= REBASE_PS) {
            rebase(now - REBASE_MARGIN_PS);
        }
        return (now - epochPs) << LinkGeneration.FP_SHIFT;
    }

    /** Moves the epoch to {@code newEpochPs}: every lane time is shifted exactly, or held at the far past if older. */
    private void rebase(long newEpochPs) {
        long shiftPs = newEpochPs - epochPs;
        busyUntilFp = shifted(busyUntilFp, shiftPs);
        posted.shiftTimes(LinkDirection::shifted, shiftPs);
        nonPosted.shiftTimes(LinkDirection::shifted, shiftPs);
        completions.shiftTimes(LinkDirection::shifted, shiftPs);
        nextSkpFp = shiftedPeriodic(nextSkpFp, shiftPs, skpIntervalFp());
        epochPs = newEpochPs;
    }

    private static long shifted(long fp, long shiftPs) {
        if (shiftPs >= 1L << 46) {
            return FAR_PAST_FP; // more than 70 s back: whatever it was, it is long over
        }
        return Math.max(fp - (shiftPs << LinkGeneration.FP_SHIFT), FAR_PAST_FP);
    }

    /**
     * The SKP schedule keeps its phase: a due time already passed moves up by whole periods to the first one at or
     * after the new epoch, as {@link #addOverhead} would move it (computed without forming shift × 2^16).
     */
    private static long shiftedPeriodic(long fp, long shiftPs, long periodFp) {
        if (shiftPs < 1L << 46 && fp - (shiftPs << LinkGeneration.FP_SHIFT) >= 0) {
            return fp - (shiftPs << LinkGeneration.FP_SHIFT);
        }
        long shiftModP = Math.floorMod(Math.floorMod(shiftPs, periodFp) << LinkGeneration.FP_SHIFT, periodFp);
        return Math.floorMod(Math.floorMod(fp, periodFp) - shiftModP, periodFp);
    }

    /** A lane time as kernel time: the next whole ps. */
    private long psOf(long fp) {
        return epochPs + ceilPs(fp);
    }

    static long ceilPs(long fp) {
        return (fp + (1L << LinkGeneration.FP_SHIFT) - 1) >> LinkGeneration.FP_SHIFT;
    }

    // Statistics.

    public long tlpsSent() {
        return tlpsSent;
    }

    public long tlpsDelivered() {
        return tlpsDelivered;
    }

    public long payloadBytesSent() {
        return payloadBytesSent;
    }

    /** TLP bytes on the wire, framing included. */
    public long tlpWireBytes() {
        return tlpWireBytes;
    }

    public long dllpBytes() {
        return dllpBytes;
    }

    public long skpBytes() {
        return skpBytes;
    }

    /** Times the transmitter had TLPs queued and none could go for lack of credits. */
    public long creditStalls() {
        return creditStalls;
    }

    /** Credits of every type held by TLPs in flight or not yet returned: 0 when the link has drained. */
    public long creditsOutstanding() {
        long n = 0;
        for (CreditCounter c : credits) {
            n += c.outstanding();
        }
        return n;
    }

    /** True when nothing is queued, on the wire, or owed back in credits. */
    public boolean idle() {
        return queued() == 0 && inflight.isEmpty() && returnSize == 0 && !fcTimerPending;
    }
}
