package org.virtiosim.device.firmware;

/**
 * A firmware program broke a rule of the programming model (a handler returned without answering
 * or deferring its request, answered twice, called {@code busy} outside a core) or threw: the
 * message names the handler, the VF and the simulated time.
 */
public final class FirmwareException extends RuntimeException {
    public FirmwareException(String message) {
        super(message);
    }

    public FirmwareException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * What a firmware's own exception said, for a one-line report: its message, not its Java class
     * (the tool's messages name no Java classes; the designer finds the class from the handler named).
     */
    public static String said(Throwable t) {
        String m = t == null ? null : t.getMessage();
        return m == null || m.isBlank() ? "an exception without a message" : "an exception: " + m.lines().findFirst().orElse(m);
    }
}
