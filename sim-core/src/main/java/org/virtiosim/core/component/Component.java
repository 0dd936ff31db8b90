package org.virtiosim.core.component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.random.SplitMix64;
import org.virtiosim.core.stats.Counter;
import org.virtiosim.core.stats.LatencyStats;

/**
 * A node in the model's name hierarchy ({@code tb.pf0.vf17.legacy}): what owns probes,
 * statistics and a random stream. Model classes hold one rather than extend it, so the model's
 * own type hierarchy stays free.
 */
public final class Component {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Kernel kernel;
    private final Component parent;
    private final String name;
    private final String path;
    private final long runSeed;
    private final Tracing tracing;
    private final Map<String, Component> children = new LinkedHashMap<>();
    private final Map<String, Object> owned = new LinkedHashMap<>();
    private final List<Counter> counters = new ArrayList<>();
    private final List<LatencyStats> latencies = new ArrayList<>();

    private Component(Kernel kernel, Component parent, String name, long runSeed, Tracing tracing) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad component name '" + name + "': letters, digits and _ only, not starting with a digit");
        }
        this.kernel = kernel;
        this.parent = parent;
        this.name = name;
        this.path = parent == null ? name : parent.path + "." + name;
        this.runSeed = runSeed;
        this.tracing = tracing;
    }

    /** The top of a hierarchy. {@code runSeed} is the seed every random stream below derives from. */
    public static Component root(Kernel kernel, String name, long runSeed) {
        return new Component(kernel, null, name, runSeed, new Tracing());
    }

    public Component child(String childName) {
        if (children.containsKey(childName) || owned.containsKey(childName)) {
            throw new IllegalArgumentException("duplicate name " + path + "." + childName);
        }
        Component c = new Component(kernel, this, childName, runSeed, tracing);
        children.put(childName, c);
        return c;
    }

    public Probe probe(String probeName, int width) {
        checkNew(probeName);
        Probe p = tracing.register(new Probe(kernel, this, tracing, probeName, width, tracing.nextId()));
        owned.put(probeName, p);
        return p;
    }

    /**
     * Declares a text signal of this component decoded from {@code sources} (probes of this
     * component) by {@code format}: see {@link TextSignal}. Nothing is computed on the
     * simulation thread.
     */
    public TextSignal text(String textName, TextFormat format, Probe... sources) {
        checkNew(textName);
        TextSignal t = tracing.register(new TextSignal(this, textName, format, List.of(sources)));
        owned.put(textName, t);
        return t;
    }

    public Counter counter(String counterName) {
        checkNew(counterName);
        Counter c = new Counter(path + "." + counterName);
        owned.put(counterName, c);
        counters.add(c);
        return c;
    }

    public LatencyStats latency(String statName) {
        checkNew(statName);
        LatencyStats s = new LatencyStats(path + "." + statName);
        owned.put(statName, s);
        latencies.add(s);
        return s;
    }

    /**
     * This component's own random stream: the same run seed and path always give the same
     * sequence, whatever other components exist or draw.
     */
    public SplitMix64 random() {
        return SplitMix64.forStream(runSeed, path);
    }

    public Kernel kernel() {
        return kernel;
    }

    public Component parent() {
        return parent;
    }

    public String name() {
        return name;
    }

    public String path() {
        return path;
    }

    public Tracing tracing() {
        return tracing;
    }

    public List<Component> children() {
        return Collections.unmodifiableList(new ArrayList<>(children.values()));
    }

    public List<Counter> counters() {
        return Collections.unmodifiableList(counters);
    }

    public List<LatencyStats> latencies() {
        return Collections.unmodifiableList(latencies);
    }

    private void checkNew(String n) {
        if (!NAME.matcher(n).matches()) {
            throw new IllegalArgumentException("bad name '" + n + "' in " + path);
        }
        if (children.containsKey(n) || owned.containsKey(n)) {
            throw new IllegalArgumentException("duplicate name " + path + "." + n);
        }
    }

    @Override
    public String toString() {
        return path;
    }
}
