package org.virtiosim.testbench.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Merges one report row per seed into one: every number becomes its mean over the seeds, and every
 * object holding numbers gains {@code ci95}, the same keys with the half-width of the 95% confidence
 * interval of that mean (Student's t, n − 1 degrees of freedom: the seeds are few and the figures'
 * spread unknown). Text stays the first seed's; violations are the union over the seeds.
 */
public final class Repeats {
    /** Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom (any statistics table). */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

    private Repeats() {
    }

    /** The row of one seed unchanged; of several, merged. */
    public static ObjectNode merge(List<ObjectNode> rows) {
        return rows.size() == 1 ? rows.get(0) : mergeObjects(rows);
    }

    /** The t quantile for {@code df} degrees of freedom; past 30, 1.96 + 2.4/df (within 0.002 of the table). */
    static double t975(int df) {
        return df <= T975.length ? T975[df - 1] : 1.96 + 2.4 / df;
    }

    /** The mean of {@code v} and the half-width of its 95% confidence interval. */
    static double[] meanCi(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        double mean = sum / v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / (v.length - 1));
        return new double[] {mean, t975(v.length - 1) * sd / Math.sqrt(v.length)};
    }

    private static ObjectNode mergeObjects(List<ObjectNode> rows) {
        ObjectNode first = rows.get(0);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode ci = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = first.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            if (v.isNumber()) {
                double[] xs = new double[rows.size()];
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = rows.get(i).path(key).asDouble();
                }
                double[] m = meanCi(xs);
                out.put(key, round(m[0]));
                ci.put(key, round(m[1]));
            } else if (key.equals("violations")) {
                ObjectNode u = out.putObject(key);
                for (ObjectNode r : rows) {
                    r.path(key).fields().forEachRemaining(x -> {
                        if (!u.has(x.getKey())) {
                            u.set(x.getKey(), x.getValue());
                        }
                    });
                }
            } else if (v.isObject()) {
                out.set(key, mergeObjects(rows.stream().map(r -> (ObjectNode) r.get(key)).toList()));
            } else {
                out.set(key, v);
            }
        }
        if (!ci.isEmpty()) {
            out.set("ci95", ci);
        }
        return out;
    }

    private static double round(double d) {
        return Math.round(d * 10) / 10.0;
    }
}
