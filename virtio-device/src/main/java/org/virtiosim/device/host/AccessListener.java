package org.virtiosim.device.host;

/** Hears that a guest's legacy access has finished: the trapped instruction can retire. */
@FunctionalInterface
public interface AccessListener {
    /**
     * @param token the caller's token
     * @param value what a read returns (all ones if it failed)
     * @param failed the access did not complete normally (completion timeout, admin command error)
     */
    void accessDone(long token, long value, boolean failed);
}
