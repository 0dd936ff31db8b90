package org.virtiosim.testbench.claims;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chart of a claim's evidence, as data: which figures of the evidence JSON it shows, each read
 * at a JSON pointer, so a report draws what the claim measured and nothing computed on the side.
 * A pointer that finds no number is an error, not a zero bar.
 */
public sealed interface ClaimPlot permits ClaimPlot.Bars, ClaimPlot.Lines {
    String title();

    /** The figures a bar chart shows: one group per category, one bar per series. */
    record Grid(List<String> categories, List<String> series, double[][] values) {
    }

    /** One line of a line chart. */
    record Line(String name, double[] x, double[] y) {
    }

    /**
     * A bar chart. With {@code rows} set, the categories are the object-valued fields of the
     * evidence at that pointer (the schemes a claim measured, in its order) and each series is a
     * field of each; otherwise {@code categories} are fixed and {@code fields} holds one pointer
     * per category, for one series named by the y label.
     */
    record Bars(String title, String yLabel, boolean logY, String rows, List<String> categories, List<String> series,
                List<String> fields) implements ClaimPlot {
        public Bars {
            categories = List.copyOf(categories);
            series = List.copyOf(series);
            fields = List.copyOf(fields);
        }

        /** Reads the figures from {@code evidence}. */
        public Grid grid(JsonNode evidence) {
            if (rows == null) {
                double[][] v = new double[categories.size()][1];
                for (int i = 0; i < categories.size(); i++) {
                    v[i][0] = number(evidence, fields.get(i));
                }
                return new Grid(categories, List.of(yLabel), v);
            }
            List<String> cats = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node(evidence, rows).fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isObject()) {
                    cats.add(e.getKey());
                }
            }
            double[][] v = new double[cats.size()][fields.size()];
            for (int c = 0; c < cats.size(); c++) {
                for (int s = 0; s < fields.size(); s++) {
                    v[c][s] = number(evidence, rows + "/" + cats.get(c) + "/" + fields.get(s));
                }
            }
            return new Grid(cats, series, v);
        }
    }

    /**
     * A line chart over an array of points in the evidence: one line per distinct value of
     * {@code group} (in first-seen order), x and y read from each point's fields.
     */
    record Lines(String title, String xLabel, String yLabel, boolean logX, boolean logY, String points, String group, String x,
                 String y) implements ClaimPlot {
        /** Reads the lines from {@code evidence}. */
        public List<Line> lines(JsonNode evidence) {
            Map<String, List<JsonNode>> byGroup = new LinkedHashMap<>();
            JsonNode array = node(evidence, points);
            if (!array.isArray() || array.isEmpty()) {
                throw new IllegalStateException("plot '" + title + "': no points at " + points);
            }
            for (JsonNode p : array) {
                byGroup.computeIfAbsent(p.path(group).asText(), k -> new ArrayList<>()).add(p);
            }
            List<Line> out = new ArrayList<>();
            for (Map.Entry<String, List<JsonNode>> e : byGroup.entrySet()) {
                double[] xs = new double[e.getValue().size()];
                double[] ys = new double[xs.length];
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = number(e.getValue().get(i), "/" + x);
                    ys[i] = number(e.getValue().get(i), "/" + y);
                }
                out.add(new Line(e.getKey(), xs, ys));
            }
            return out;
        }
    }

    /** Bars of fixed categories, each read at its pointer: {@code labelsAndPointers} alternates a label and its pointer. */
    static Bars bars(String title, String yLabel, boolean logY, String... labelsAndPointers) {
        List<String> labels = new ArrayList<>();
        List<String> pointers = new ArrayList<>();
        for (int i = 0; i < labelsAndPointers.length; i += 2) {
            labels.add(labelsAndPointers[i]);
            pointers.add(labelsAndPointers[i + 1]);
        }
        return new Bars(title, yLabel, logY, null, labels, List.of(yLabel), pointers);
    }

    /** Bars per object-valued field at {@code rows}: {@code namesAndFields} alternates a series name and the field it reads. */
    static Bars table(String title, String yLabel, boolean logY, String rows, String... namesAndFields) {
        List<String> names = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < namesAndFields.length; i += 2) {
            names.add(namesAndFields[i]);
            fields.add(namesAndFields[i + 1]);
        }
        return new Bars(title, yLabel, logY, rows, List.of(), names, fields);
    }

    private static JsonNode node(JsonNode evidence, String pointer) {
        JsonNode n = evidence.at(pointer);
        if (n.isMissingNode()) {
            throw new IllegalStateException("no evidence at " + pointer);
        }
        return n;
    }

    private static double number(JsonNode evidence, String pointer) {
        JsonNode n = node(evidence, pointer);
        if (!n.isNumber()) {
            throw new IllegalStateException("evidence at " + pointer + " is not a number: " + n);
        }
        return n.asDouble();
    }
}
