package org.virtiosim.pcie.fc;

/**
 * The credits a receiver advertises in InitFC, per type; 0 means infinite (§2.6.1.1).
 *
 * <p>Defaults are an assumption: the most a receiver can advertise, so that flow control limits a
 * stream only when a scenario says the device or root port has fewer credits. Without Scaled
 * Flow Control the 8-bit header and 12-bit data credit fields allow 127 and 2047 (§2.6.1.1);
 * from 16.0 GT/s Scaled Flow Control (§2.6.1.1, HdrScale/DataScale) multiplies them, and scale
 * 4 is taken. Completion credits are infinite, which the spec requires of Endpoints and which
 * root ports commonly advertise. Which of the two a link uses follows from its generation, so the
 * link package picks it: credits are the lower-level concept and know nothing of links.
 */
public record ReceiverCredits(int ph, int pd, int nph, int npd, int cplh, int cpld) {
    /** Largest unscaled advertisement (Gen1 to Gen3). */
    public static final ReceiverCredits UNSCALED_MAX = new ReceiverCredits(127, 2047, 127, 2047, 0, 0);
    /** Largest advertisement with Scaled Flow Control at scale 4 (Gen4 and later). */
    public static final ReceiverCredits SCALED_X4_MAX = new ReceiverCredits(127 * 4, 2047 * 4, 127 * 4, 2047 * 4, 0, 0);

    public ReceiverCredits {
        for (int v : new int[] {ph, pd, nph, npd, cplh, cpld}) {
            if (v < 0) {
                throw new IllegalArgumentException("credits must be >= 0 (0 = infinite): " + v);
            }
        }
    }

    public int of(CreditType t) {
        return switch (t) {
            case PH -> ph;
            case PD -> pd;
            case NPH -> nph;
            case NPD -> npd;
            case CplH -> cplh;
            case CplD -> cpld;
        };
    }
}
