package org.virtiosim.pcie.fc;

/**
 * The transmitter's view of one credit type at the far receiver (§2.6.1.2): CREDIT_LIMIT, the
 * total the receiver has advertised, and CREDITS_CONSUMED. A TLP may be sent only if it fits in
 * the difference. Kept as plain counts, not the spec's 8/12-bit modular fields: the model never
 * wraps, and a count that would go negative is a detected violation, not arithmetic.
 */
public final class CreditCounter {
    /** Advertised as 0 in InitFC: infinite credits (§2.6.1.1). */
    public static final int INFINITE = 0;

    private final CreditType type;
    private final boolean infinite;
    private final long advertised;
    private long limit;
    private long consumed;

    public CreditCounter(CreditType type, int advertised) {
        if (advertised < 0) {
            throw new IllegalArgumentException(type + " credits must be >= 0 (0 = infinite), got " + advertised);
        }
        this.type = type;
        this.infinite = advertised == INFINITE;
        this.advertised = advertised;
        this.limit = advertised;
    }

    public CreditType type() {
        return type;
    }

    public boolean isInfinite() {
        return infinite;
    }

    public boolean canConsume(int n) {
        return infinite || consumed + n <= limit;
    }

    public void consume(int n) {
        if (!canConsume(n)) {
            throw new IllegalStateException(type + ": consuming " + n + " credits with only " + available() + " available");
        }
        consumed += n;
    }

    /** The receiver freed n credits (an UpdateFC raised the limit). */
    public void returned(int n) {
        if (infinite) {
            return;
        }
        limit += n;
        if (limit - consumed > advertised) {
            throw new IllegalStateException(type + ": more credits returned than were consumed");
        }
    }

    public long available() {
        return infinite ? Long.MAX_VALUE : limit - consumed;
    }

    /** Credits held by TLPs in flight or in the receiver's buffer. */
    public long outstanding() {
        return infinite ? 0 : advertised - (limit - consumed);
    }

    public long advertised() {
        return advertised;
    }
}
