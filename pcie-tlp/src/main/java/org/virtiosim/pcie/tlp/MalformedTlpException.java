package org.virtiosim.pcie.tlp;

/**
 * A received TLP that a Receiver would report as a Malformed TLP (PCI Express Base Specification
 * Rev. 6.0, §2.3 "Handling of Received TLPs"), or bytes too short to hold the TLP their header
 * describes.
 *
 * <p>Unchecked: on the simulated wire a malformed TLP means a model bug or a deliberately
 * injected fault, not a condition the ordinary path should have to declare. Only the error path
 * allocates it; decoding a good TLP never does.
 */
public final class MalformedTlpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /** {@code field} is the header field (as the specification names it) found at fault. */
    public MalformedTlpException(String field, String detail) {
        super(field + ": " + detail);
        this.field = field;
    }

    /** The header field at fault, e.g. "Length", "Fmt/Type", "Completion Status". */
    public String field() {
        return field;
    }
}
