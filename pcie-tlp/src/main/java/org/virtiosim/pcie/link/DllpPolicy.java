package org.virtiosim.pcie.link;

/**
 * How Ack and UpdateFC DLLPs and SKP ordered sets take link time.
 */
public enum DllpPolicy {
    /**
     * The allowance of the pcie-bench model (Neugebauer et al., SIGCOMM 2018; pcie-bench/pcie-model
     * model/pcie.py): on each direction, one 8-byte Ack DLLP per {@code AckLimit} bytes and one
     * 8-byte UpdateFC per {@code FcLimit} bytes of that direction's own traffic, and a 4-byte SKP
     * ordered set per 1538 bytes. The default, so that the defaults reproduce that model.
     */
    PCIE_BENCH,
    /**
     * Derived from the specification's timers: an Ack DLLP goes on the reverse direction at most
     * AckLimit symbol times after a TLP is received (Tables 3-7 to 3-9), an UpdateFC at most
     * FcLimit symbol times after credits are freed (Tables 2-46 to 2-48), and SKP ordered sets
     * take all lanes every 1538 symbol times (8b/10b, 4 symbols) or every 372 blocks (128b/130b,
     * 16 symbols) (§4.2.8, §4.2.7).
     */
    SPEC,
    /** No DLLP or SKP traffic: raw serialization only (for tests that check framing arithmetic). */
    NONE
}
