package org.virtiosim.waveforms;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigInteger;
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
 * Reads back the two-state VCD files {@link VcdEncoder} writes (IEEE 1364-2005 §18.2): wires of
 * 1 to 64 bits, values 0/1 only. Meant for tests and tools that assert on waveform content, not
 * for arbitrary VCD (no x/z, reals, aliases or $dumpoff). Text signals ({@code $var string},
 * {@code s<text> <id>}) are read with their escapes decoded as GTKWave decodes them
 * ({@code fstUtilityEscToBin}: C escapes, {@code \ooo} octal, {@code \xHH} hex).
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

    /** One text of a text signal from {@code timePs} on. */
    public record TextChange(long timePs, String text) {
    }

    /** A declared text signal ({@code $var string}). */
    public record Text(String name, String id, List<TextChange> changes) {
    }

    /** A whole file: header texts, the signals and the text signals in declaration order. */
    public record Dump(String date, String version, String timescale, Map<String, Signal> signals, Map<String, Text> texts) {
        public Signal signal(String name) {
            Signal s = signals.get(name);
            if (s == null) {
                throw new IllegalArgumentException("no signal " + name + " in the dump; have " + signals.keySet());
            }
            return s;
        }

        public Text text(String name) {
            Text t = texts.get(name);
            if (t == null) {
                throw new IllegalArgumentException("no text signal " + name + " in the dump; have " + texts.keySet());
            }
            return t;
        }
    }

    /** One value of a signal from {@code timePs} on, as text: a number in decimal, or a string. */
    public record LooseChange(long timePs, String value) {
    }

    /** A signal as {@link #loose} reads it. */
    public record LooseSignal(String type, int width, List<LooseChange> changes) {
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
        Map<String, List<TextChange>> textChanges = new HashMap<>();
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
                        if (t[1].equals("string")) {
                            textChanges.put(id, new ArrayList<>());
                        } else {
                            changes.put(id, new ArrayList<>());
                        }
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
                } else if (c == 's') {
                    int sp = l.lastIndexOf(' ');
                    List<TextChange> list = textChanges.get(l.substring(sp + 1));
                    if (list == null || time < 0) {
                        throw new IOException("line " + n + ": text change for undeclared identifier or before the first #time: " + l);
                    }
                    TextChange tc = new TextChange(time, unescape(l.substring(1, sp)));
                    if (!list.isEmpty() && list.get(list.size() - 1).timePs() == time) {
                        list.set(list.size() - 1, tc);
                    } else {
                        list.add(tc);
                    }
                    continue;
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
        Map<String, Text> texts = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : nameOf.entrySet()) {
            String id = e.getKey();
            if (textChanges.containsKey(id)) {
                texts.put(e.getValue(), new Text(e.getValue(), id, Collections.unmodifiableList(textChanges.get(id))));
            } else {
                signals.put(e.getValue(), new Signal(e.getValue(), id, widthOf.get(id),
                        Collections.unmodifiableList(changes.get(id))));
            }
        }
        return new Dump(text.get("$date"), text.get("$version"), text.get("$timescale"),
                Collections.unmodifiableMap(signals), Collections.unmodifiableMap(texts));
    }

    /**
     * Reads any VCD of two-state wires and strings, ours or another tool's (fst2vcd's: header
     * sections over several lines, full-width vectors, {@code $var string} with its values
     * unescaped as {@code fstUtilityEscToBin} does): per signal (full dotted name), its declared
     * type and width and its changes, values as text (vectors in decimal), several at one time
     * folded into the last.
     */
    public static Map<String, LooseSignal> loose(Path vcd) throws IOException {
        String[] tok = Files.readString(vcd, StandardCharsets.ISO_8859_1).split("\\s+");
        Deque<String> scopes = new ArrayDeque<>();
        Map<String, String> nameOf = new LinkedHashMap<>();
        Map<String, LooseSignal> byName = new LinkedHashMap<>();
        Map<String, List<LooseChange>> byId = new HashMap<>();
        long time = 0;
        int i = 0;
        while (i < tok.length) {
            String t = tok[i++];
            if (t.isEmpty()) {
                continue;
            }
            switch (t) {
                case "$scope" -> {
                    scopes.addLast(tok[i + 1]);
                    i = skipToEnd(tok, i);
                }
                case "$upscope" -> {
                    scopes.removeLast();
                    i = skipToEnd(tok, i);
                }
                case "$var" -> {
                    String type = tok[i];
                    int width = Integer.parseInt(tok[i + 1]);
                    String id = tok[i + 2];
                    String name = String.join(".", scopes) + "." + tok[i + 3];
                    nameOf.put(id, name);
                    List<LooseChange> l = new ArrayList<>();
                    byId.put(id, l);
                    byName.put(name, new LooseSignal(type, width, l));
                    i = skipToEnd(tok, i);
                }
                case "$date", "$version", "$timescale", "$comment", "$enddefinitions" -> i = skipToEnd(tok, i);
                case "$dumpvars", "$end", "$dumpon", "$dumpoff", "$dumpall" -> {
                }
                default -> {
                    char c = t.charAt(0);
                    if (c == '#') {
                        time = Long.parseLong(t.substring(1));
                    } else if (c == 'b' || c == 'B') {
                        add(byId, tok[i++], time, new BigInteger(t.substring(1), 2).toString());
                    } else if (c == 's' || c == 'S') {
                        add(byId, tok[i++], time, unescape(t.substring(1)));
                    } else if (c == '0' || c == '1') {
                        add(byId, t.substring(1), time, String.valueOf(c));
                    } else {
                        throw new IOException(vcd + ": unexpected token '" + t + "'");
                    }
                }
            }
        }
        return byName;
    }

    /** Undoes fstUtilityBinToEsc: C escapes and three-digit octal; the bytes read as UTF-8. */
    static String unescape(String s) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.write(c);
                continue;
            }
            char e = s.charAt(++i);
            if (e >= '0' && e <= '7') {
                b.write(Integer.parseInt(s.substring(i, i + 3), 8));
                i += 2;
            } else {
                int k = "abfnrtv".indexOf(e);
                b.write(k >= 0 ? "\u0007\b\f\n\r\t\u000b".charAt(k) : e);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static int skipToEnd(String[] tok, int i) {
        while (!tok[i].equals("$end")) {
            i++;
        }
        return i + 1;
    }

    private static void add(Map<String, List<LooseChange>> byId, String id, long time, String value) throws IOException {
        List<LooseChange> l = byId.get(id);
        if (l == null) {
            throw new IOException("undeclared identifier " + id);
        }
        if (!l.isEmpty() && l.get(l.size() - 1).timePs() == time) {
            l.set(l.size() - 1, new LooseChange(time, value)); // the last change in a step counts
        } else {
            l.add(new LooseChange(time, value));
        }
    }

    /** Per signal, its (time, value) list; the form two dumps of the same run must agree in. */
    public static Map<String, List<LooseChange>> changes(Map<String, LooseSignal> dump) {
        Map<String, List<LooseChange>> m = new LinkedHashMap<>();
        dump.forEach((k, v) -> m.put(k, v.changes()));
        return m;
    }
}
