package org.virtiosim.core.component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/** All probes of one component hierarchy, and which sink listens to which. */
public final class Tracing {
    private final List<Probe> probes = new ArrayList<>();
    private final List<TextSignal> texts = new ArrayList<>();

    // Traced probes with a later value pending (Probe#setThen), in no order: a handful at most
    // (one per link direction with a TLP on the lanes), so a scan beats any sorted structure.
    private Probe[] due = new Probe[8];
    private int dueCount;
    /** The earliest pending time among {@link #due}; {@link Probe#NO_DUE} when none (read by Probe#set on every traced change). */
    long earliestDue = Probe.NO_DUE;

    Probe register(Probe p) {
        probes.add(p);
        return p;
    }

    TextSignal register(TextSignal t) {
        texts.add(t);
        return t;
    }

    /** Every text signal in creation order (decoded by a waveform writer from its source probes). */
    public List<TextSignal> texts() {
        return Collections.unmodifiableList(texts);
    }

    /** The text signals all of whose sources {@code traced} accepts: what a writer of those probes can decode. */
    public List<TextSignal> textsOf(Predicate<Probe> traced) {
        List<TextSignal> out = new ArrayList<>();
        for (TextSignal t : texts) {
            if (t.sources().stream().allMatch(traced)) {
                out.add(t);
            }
        }
        return out;
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

    void addDue(Probe p) {
        if (dueCount == due.length) {
            due = java.util.Arrays.copyOf(due, dueCount * 2);
        }
        due[dueCount++] = p;
        earliestDue = Math.min(earliestDue, p.dueAt());
    }

    /** Traced probes with a later value pending now (for tests: it must not grow with the run). */
    int dueCount() {
        return dueCount;
    }

    void removeDue(Probe p) {
        for (int i = 0; i < dueCount; i++) {
            if (due[i] == p) {
                due[i] = due[--dueCount];
                due[dueCount] = null;
                break;
            }
        }
        long e = Probe.NO_DUE;
        for (int i = 0; i < dueCount; i++) {
            e = Math.min(e, due[i].dueAt());
        }
        earliestDue = e;
    }

    /**
     * Reports every pending later value dated before {@code timePs} to its sink, by time, then
     * probe creation order at equal times, so that the sinks see one time-ordered stream.
     */
    void releaseBefore(long timePs) {
        while (earliestDue < timePs) {
            Probe first = null;
            for (int i = 0; i < dueCount; i++) {
                Probe p = due[i];
                if (first == null || p.dueAt() < first.dueAt() || (p.dueAt() == first.dueAt() && p.id() < first.id())) {
                    first = p;
                }
            }
            first.settle(); // removes it from the pending set
        }
    }

    /**
     * Reports every pending later value, whatever its time (call it when the run is over, before
     * closing the sinks: a TLP still on the lanes at the end does end, as it would have with an event).
     */
    public void releaseDue() {
        releaseBefore(Probe.NO_DUE);
    }

    public void detachAll() {
        for (Probe p : probes) {
            p.attach(null);
        }
    }
}
