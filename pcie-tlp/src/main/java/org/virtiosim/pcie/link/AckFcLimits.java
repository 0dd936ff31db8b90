package org.virtiosim.pcie.link;

/**
 * Ack latency limits and UpdateFC transmission guidelines, in symbol times, by generation, link
 * width and Max_Payload_Size.
 *
 * <p>Source: PCI Express Base Specification Rev. 5.0, Tables 3-7, 3-8, 3-9 (AckNak_LATENCY_TIMER
 * limits) and Tables 2-46, 2-47, 2-48 (UpdateFC transmission latency guidelines), as tabulated in
 * pcie-bench/pcie-model {@code model/pcie.py}. For the link widths used here the Ack and UpdateFC
 * tables hold the same values. Gen4 and Gen5 use the 8.0 GT/s values, as pcie-model does; Gen6
 * Flit Mode has no separate Ack/UpdateFC DLLP traffic (see {@link LinkGeneration}).
 */
public final class AckFcLimits {
    private static final int[] MPS = {128, 256, 512, 1024, 2048, 4096};
    private static final int[] LANES = {1, 2, 4, 8, 16};

    /** [lane index][mps index] for 2.5 GT/s. */
    private static final int[][] GEN1 = {
        {237, 416, 559, 1071, 2095, 4143},
        {128, 217, 289, 545, 1057, 2081},
        {73, 118, 154, 282, 538, 1050},
        {67, 107, 86, 150, 278, 534},
        {48, 72, 86, 150, 278, 534},
    };
    /** 5.0 GT/s. */
    private static final int[][] GEN2 = {
        {288, 467, 610, 1122, 2146, 4194},
        {179, 268, 340, 596, 1108, 2132},
        {124, 169, 205, 333, 589, 1101},
        {118, 158, 137, 201, 329, 585},
        {99, 123, 137, 201, 329, 585},
    };
    /** 8.0 GT/s (and, as in pcie-model, 16.0 and 32.0 GT/s). */
    private static final int[][] GEN3 = {
        {333, 512, 655, 1167, 2191, 4239},
        {224, 313, 385, 641, 1153, 2177},
        {169, 214, 250, 378, 634, 1146},
        {163, 203, 182, 246, 374, 630},
        {144, 168, 182, 246, 374, 630},
    };

    private AckFcLimits() {
    }

    /** The limit in symbol times; the same value serves as pcie-bench's byte allowance. */
    public static int limit(LinkGeneration gen, int lanes, int mps) {
        int[][] table = switch (gen) {
            case GEN1 -> GEN1;
            case GEN2 -> GEN2;
            default -> GEN3;
        };
        return table[index(LANES, lanes, "lanes")][index(MPS, mps, "MPS")];
    }

    private static int index(int[] values, int v, String what) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        throw new IllegalArgumentException("no Ack/FC limit for " + what + " " + v);
    }
}
