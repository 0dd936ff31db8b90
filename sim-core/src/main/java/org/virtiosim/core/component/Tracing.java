package org.virtiosim.core.component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/** All probes of one component hierarchy, and which sink listens to which. */
public final class Tracing {
    private final List<Probe> probes = new ArrayList<>();

    Probe register(Probe p) {
        probes.add(p);
        return p;
    }

    int nextId() {
        return probes.size();
    }

    /** Every probe in creation order. */
    public List<Probe> probes() {
        return Collections.unmodifiableList(probes);
    }

    /** Attaches the sink to the probes the filter accepts, detaching it from the others. Returns how many. */
    public int attach(TraceSink sink, Predicate<Probe> filter) {
        int n = 0;
        for (Probe p : probes) {
            boolean on = filter.test(p);
            p.attach(on ? sink : null);
            if (on) {
                n++;
            }
        }
        return n;
    }

    public void detachAll() {
        for (Probe p : probes) {
            p.attach(null);
        }
    }
}
