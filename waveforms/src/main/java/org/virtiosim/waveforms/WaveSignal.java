package org.virtiosim.waveforms;

import org.virtiosim.core.component.Probe;

/**
 * A signal as a waveform file declares it: its full dotted name ({@code tb.link.up.tlp_type}),
 * its width in bits and whether it carries numbers or text. Numeric signals are the probes the
 * simulation thread reports; a text signal has no probe: its changes are made on the writer thread
 * (decoded from numeric ones) and reach the encoder through {@link WaveEncoder#text}.
 *
 * @param path  full dotted name: scopes, then the signal's own name
 * @param width bits of a numeric signal, 1..64; ignored (0) for text
 * @param text  true for a string-valued signal (VCD {@code $var string}, FST {@code FST_VT_GEN_STRING})
 */
public record WaveSignal(String path, int width, boolean text) {
    public WaveSignal {
        if (!text && (width < 1 || width > 64)) {
            throw new IllegalArgumentException("signal " + path + ": width must be 1..64, got " + width);
        }
        if (text) {
            width = 0;
        }
    }

    /** The numeric signal a probe is traced as. */
    public static WaveSignal of(Probe p) {
        return new WaveSignal(p.path(), p.width(), false);
    }

    /** A string-valued signal. */
    public static WaveSignal text(String path) {
        return new WaveSignal(path, 0, true);
    }

    /** The last segment of the path. */
    public String name() {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
