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
 * Reads back the two-state VCD files {@link VcdTraceSink} writes (IEEE 1364-2005 §18.2): wires of
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

    /** A string value's escapes decoded as GTKWave's fstUtilityEscToBin decodes them. */
    static String unescape(String v) {
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\\' || i + 1 == v.length()) {
                out.append(c);
                continue;
            }
            char e = v.charAt(++i);
            switch (e) {
                case 'a' -> out.append((char) 7);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append((char) 11);
                case 'x' -> {
                    out.append((char) Integer.parseInt(v.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        out.append((char) Integer.parseInt(v.substring(i, i + 3), 8));
                        i += 2;
                    } else {
                        out.append(e); // \' \" \\ \? and any other: the character itself
                    }
                }
            }
        }
        return out.toString();
    }
}
