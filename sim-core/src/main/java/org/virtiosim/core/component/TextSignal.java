package org.virtiosim.core.component;

import java.util.List;

/**
 * A signal whose value is text decoded from numeric probes of the same component, e.g. a link's
 * {@code tlp} from its {@code tlp_type}, {@code tlp_tag}, {@code tlp_address}, {@code tlp_length_dw}
 * and {@code tlp_status}. It costs the simulation nothing: it holds no value and is never set; a
 * waveform writer decodes it on its own thread from its sources' values at the end of each time
 * step in which one of them changed. Declared with {@link Component#text}, which registers it
 * with the hierarchy's {@link Tracing} (one made directly is known to no writer).
 *
 * @param owner   the component it belongs to (its sources' too)
 * @param name    its name within the component
 * @param format  how the sources' values become text
 * @param sources the probes it is decoded from, in the order {@link TextFormat#format} receives their values
 */
public record TextSignal(Component owner, String name, TextFormat format, List<Probe> sources) {
    public TextSignal {
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("text signal " + owner.path() + "." + name + " has no source probes");
        }
        for (Probe p : sources) {
            if (p.owner() != owner) {
                throw new IllegalArgumentException("text signal " + owner.path() + "." + name + ": source " + p.path()
                        + " belongs to another component");
            }
        }
    }

    /** Hierarchical name, e.g. {@code tb.link.down.tlp}. */
    public String path() {
        return owner.path() + "." + name;
    }

    /** The text for the sources' current values (for tests and tools; a writer decodes its own copies). */
    public String decodeNow() {
        long[] v = new long[sources.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = sources.get(i).value();
        }
        StringBuilder sb = new StringBuilder();
        format.format(v, sb);
        return sb.toString();
    }
}
