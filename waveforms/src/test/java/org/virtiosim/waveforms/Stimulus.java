package org.virtiosim.waveforms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.virtiosim.core.component.Component;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.component.TraceSink;
import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;

/**
 * A small deterministic simulation: probes of 1, 8 and 64 bits in three components, a handler
 * that fires at irregular times and makes one to five changes per time step (often several to
 * one probe), until {@code target} changes have been reported. Every reported change is recorded
 * so tests can compare the VCD with what was published.
 */
final class Stimulus {
    record Published(long timePs, Probe probe, long value) {
    }

    final Kernel kernel = new Kernel();
    final Component tb = Component.root(kernel, "tb", 7);
    final Probe valid;
    final Probe tlpType;
    final Probe header;
    final Probe ready;
    final List<Probe> probes;
    final List<Published> published = new ArrayList<>();
    final Map<Probe, Long> initial = new LinkedHashMap<>();

    Stimulus() {
        Component link = tb.child("link");
        Component up = link.child("up");
        valid = up.probe("valid", 1);
        tlpType = up.probe("tlp_type", 8);
        Component dev = tb.child("dev");
        header = dev.probe("hdr", 64);
        ready = link.probe("ready", 1);
        probes = List.of(valid, tlpType, header, ready);
        // Non-zero initial values, set before tracing starts: they must appear in $dumpvars.
        tlpType.set(0x5A);
        header.set(0x8000_0000_0000_0001L);
        ready.set(1);
        for (Probe p : probes) {
            initial.put(p, p.value());
        }
    }

    /** Attaches {@code sink} behind a recorder and runs until {@code target} changes were reported. */
    void run(TraceSink sink, int target, long seed) {
        tb.tracing().attach((t, p, v) -> {
            published.add(new Published(t, p, v));
            sink.valueChanged(t, p, v);
        }, probes::contains);
        SplittableRandom rnd = new SplittableRandom(seed);
        Handler[] step = new Handler[1];
        step[0] = arg -> {
            int n = 1 + rnd.nextInt(5);
            for (int i = 0; i < n; i++) {
                switch (rnd.nextInt(4)) {
                    case 0 -> valid.set(valid.value() ^ 1);
                    case 1 -> tlpType.set(rnd.nextInt(256));
                    case 2 -> header.set(rnd.nextLong());
                    default -> {
                        // two changes of one probe in the same step: A -> B -> A, or A -> B -> C
                        ready.set(ready.value() ^ 1);
                        if (rnd.nextBoolean()) {
                            ready.set(ready.value() ^ 1);
                        }
                    }
                }
            }
            if (published.size() < target) {
                kernel.scheduleIn(1 + rnd.nextInt(3000), step[0]);
            }
        };
        kernel.schedule(0, step[0]); // changes at #0 too, after the initial dump
        kernel.runUntilIdle();
        tb.tracing().detachAll();
    }

    /** What a reader must see: per probe, (time, last value at that time), starting with the initial value at 0. */
    Map<String, List<VcdReader.Change>> expected(int prefix, long fromPs, long toPs) {
        Map<String, List<VcdReader.Change>> full = new LinkedHashMap<>();
        for (Probe p : probes) {
            List<VcdReader.Change> l = new ArrayList<>();
            l.add(new VcdReader.Change(0, initial.get(p)));
            full.put(p.path(), l);
        }
        for (Published c : published.subList(0, prefix)) {
            add(full.get(c.probe().path()), c.timePs(), c.value());
        }
        if (fromPs == 0 && toPs == Long.MAX_VALUE) {
            return full;
        }
        Map<String, List<VcdReader.Change>> windowed = new LinkedHashMap<>();
        for (Map.Entry<String, List<VcdReader.Change>> e : full.entrySet()) {
            List<VcdReader.Change> l = new ArrayList<>();
            // Changes before the window are not written, so #0 holds only the initial dump.
            long init = initialOf(e.getKey());
            l.add(new VcdReader.Change(0, init));
            long atFrom = init;
            for (VcdReader.Change c : e.getValue()) {
                if (c.timePs() <= fromPs) {
                    atFrom = c.value();
                }
            }
            l.add(new VcdReader.Change(fromPs, atFrom));
            for (VcdReader.Change c : e.getValue()) {
                if (c.timePs() > fromPs && c.timePs() <= toPs) {
                    l.add(c);
                }
            }
            windowed.put(e.getKey(), l);
        }
        return windowed;
    }

    private long initialOf(String path) {
        for (Map.Entry<Probe, Long> e : initial.entrySet()) {
            if (e.getKey().path().equals(path)) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException(path);
    }

    private static void add(List<VcdReader.Change> l, long t, long v) {
        if (l.get(l.size() - 1).timePs() == t) {
            l.set(l.size() - 1, new VcdReader.Change(t, v));
        } else {
            l.add(new VcdReader.Change(t, v));
        }
    }

    /** Lines a probe gets in the file, as vcd-check counts them: the initial value plus each published change in range. */
    Map<String, Long> lineCounts(long fromPs, long toPs, boolean snapshot) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Probe p : probes) {
            m.put(VcdCheck.displayName(p), snapshot ? 2L : 1L);
        }
        for (Published c : published) {
            if (c.timePs() >= fromPs && c.timePs() <= toPs) {
                m.merge(VcdCheck.displayName(c.probe()), 1L, Long::sum);
            }
        }
        return m;
    }
}
