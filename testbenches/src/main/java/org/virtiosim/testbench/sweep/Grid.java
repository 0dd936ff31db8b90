package org.virtiosim.testbench.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parameter grid: named dimensions, each a list of values; points are the cartesian product,
 * numbered so that the first dimension varies slowest. The numbering is what shards split on and
 * what merging sorts by, so it must not depend on anything but the dimensions.
 */
public final class Grid {
    private final LinkedHashMap<String, List<String>> dimensions;
    private final int size;

    public Grid(LinkedHashMap<String, List<String>> dimensions) {
        this.dimensions = new LinkedHashMap<>();
        long n = 1;
        for (Map.Entry<String, List<String>> d : dimensions.entrySet()) {
            if (d.getValue().isEmpty()) {
                throw new IllegalArgumentException("--vary " + d.getKey() + ": no values");
            }
            this.dimensions.put(d.getKey(), List.copyOf(d.getValue()));
            n *= d.getValue().size();
            if (n > 1_000_000) {
                throw new IllegalArgumentException("the grid has more than 1,000,000 points");
            }
        }
        this.size = (int) n;
    }

    public int size() {
        return size;
    }

    public List<String> names() {
        return List.copyOf(dimensions.keySet());
    }

    public Map<String, List<String>> dimensions() {
        return Collections.unmodifiableMap(dimensions);
    }

    /** The values of point {@code index}, by dimension name, in dimension order. */
    public LinkedHashMap<String, String> point(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("point " + index + " of " + size);
        }
        List<String> names = new ArrayList<>(dimensions.keySet());
        String[] values = new String[names.size()];
        int rest = index;
        for (int d = names.size() - 1; d >= 0; d--) {
            List<String> v = dimensions.get(names.get(d));
            values[d] = v.get(rest % v.size());
            rest /= v.size();
        }
        LinkedHashMap<String, String> p = new LinkedHashMap<>();
        for (int d = 0; d < names.size(); d++) {
            p.put(names.get(d), values[d]);
        }
        return p;
    }

    /** Whether point {@code index} belongs to shard {@code shard} of {@code shards} (round robin). */
    public static boolean inShard(int index, int shard, int shards) {
        return index % shards == shard;
    }
}
