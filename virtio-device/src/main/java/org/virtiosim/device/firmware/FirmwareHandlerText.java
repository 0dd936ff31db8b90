package org.virtiosim.device.firmware;

/**
 * A firmware core's {@code running} text signal: the handler the core runs and the VF it runs
 * for, e.g. {@code onLegacyAccess vf=3}, {@code onStart}; nothing while the core is idle. Decoded
 * on the waveform writer's thread from the core's probes {@code handler} (a code,
 * {@link FirmwareRuntime#handlerName}: the {@link FirmwareProgram} interface's method names) and
 * {@code vf}, in that order.
 */
public final class FirmwareHandlerText {
    private FirmwareHandlerText() {
    }

    /** The {@link org.virtiosim.core.component.TextFormat} of the {@code running} signal. */
    public static void format(long[] v, StringBuilder out) {
        int code = (int) v[0];
        if (code <= FirmwareRuntime.IDLE || code > FirmwareRuntime.ON_START) {
            return;
        }
        out.append(FirmwareRuntime.handlerName(code));
        if (v[1] != 0) {
            out.append(" vf=").append(v[1]);
        }
    }
}
