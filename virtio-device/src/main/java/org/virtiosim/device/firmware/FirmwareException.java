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
}
