package org.virtiosim.waveforms;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back the two-state VCD files {@link WaveformSink} writes (IEEE 1364-2005 §18.2): wires of
 * 1 to 64 bits, values 0/1 only. Meant for tests and tools that assert on waveform content, not
 * for arbitrary VCD (no x/z, reals, aliases or $dumpoff).
 *
 * <p>Several changes of one signal at one time are folded into the last one, as §18.2.1 says a
 * reader must: each signal's list has strictly increasing times.
 */
public final class VcdReader {
    /** One value of a signal from {@code timePs} on. */
    public record Change(long timePs, long value) {
    }

    /** A declared signal: full dotted name without bit range, e.g. {@code tb.link.up.tlp_type}. */
    public record Signal(String name, String id, int width, List<Change> changes) {
    }

    /** A whole file: header texts and the signals in declaration order. */
    public record Dump(String date, String version, String timescale, Map<String, Signal> signals) {
        public Signal signal(String name) {
            Signal s = signals.get(name);
            if (s == null) {
                throw new IllegalArgumentException("no signal " + name + " in the dump; have " + signals.keySet());
            }
            return s;
        }
    }

    private VcdReader() {
    }

    public static Dump read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            return parse(in);
        }
    }

    private static Dump parse(BufferedReader in) throws IOException {
        Map<String, String> text = new HashMap<>();
        Deque<String> scopes = new ArrayDeque<>();
        Map<String, String> nameOf = new LinkedHashMap<>();
        Map<String, Integer> widthOf = new HashMap<>();
        Map<String, List<Change>> changes = new HashMap<>();
        boolean body = false;
        long time = -1;
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            n++;
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            if (!body) {
                String[] t = l.split(" +");
                if (!t[t.length - 1].equals("$end")) {
                    throw new IOException("line " + n + ": header command not closed on its line: " + l);
                }
                switch (t[0]) {
                    case "$date", "$version", "$timescale", "$comment" ->
                        text.put(t[0], String.join(" ", List.of(t).subList(1, t.length - 1)));
                    case "$scope" -> scopes.addLast(t[2]);
                    case "$upscope" -> scopes.removeLast();
                    case "$var" -> {
                        String id = t[3];
                        String name = String.join(".", scopes) + "." + t[4];
                        if (nameOf.put(id, name) != null) {
                            throw new IOException("line " + n + ": identifier " + id + " declared twice");
                        }
                        widthOf.put(id, Integer.parseInt(t[2]));
                        changes.put(id, new ArrayList<>());
                    }
                    case "$enddefinitions" -> body = true;
                    default -> throw new IOException("line " + n + ": unexpected " + t[0]);
                }
                continue;
            }
            char c = l.charAt(0);
            if (c == '#') {
                long t = Long.parseLong(l.substring(1));
                if (t <= time) {
                    throw new IOException("line " + n + ": time #" + t + " does not increase");
                }
                time = t;
            } else if (c == '$') {
                if (!l.equals("$dumpvars") && !l.equals("$end")) {
                    throw new IOException("line " + n + ": unexpected " + l);
                }
            } else {
                String id;
                long v;
                if (c == 'b') {
                    int sp = l.indexOf(' ');
                    v = Long.parseUnsignedLong(l.substring(1, sp), 2);
                    id = l.substring(sp + 1);
                } else if (c == '0' || c == '1') {
                    v = c - '0';
                    id = l.substring(1);
                } else {
                    throw new IOException("line " + n + ": unsupported value line " + l);
                }
                List<Change> list = changes.get(id);
                if (list == null) {
                    throw new IOException("line " + n + ": undeclared identifier " + id);
                }
                if (time < 0) {
                    throw new IOException("line " + n + ": value before the first #time");
                }
                if (!list.isEmpty() && list.get(list.size() - 1).timePs() == time) {
                    list.set(list.size() - 1, new Change(time, v)); // the last change in a step counts
                } else {
                    list.add(new Change(time, v));
                }
            }
        }
        if (!body) {
            throw new IOException("no $enddefinitions");
        }
        Map<String, Signal> signals = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : nameOf.entrySet()) {
            String id = e.getKey();
            signals.put(e.getValue(), new Signal(e.getValue(), id, widthOf.get(id),
                    Collections.unmodifiableList(changes.get(id))));
        }
        return new Dump(text.get("$date"), text.get("$version"), text.get("$timescale"),
                Collections.unmodifiableMap(signals));
    }
}
