package org.virtiosim.waveforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * GTKWave's {@code fst2vcd} (Debian's gtkwave package) run on a file, and a token-level reader of
 * the VCD it prints (multi-line header sections, full-width vectors, {@code $var string}). Tests
 * that use it skip, saying why, where {@code fst2vcd} is not installed.
 */
final class Fst2Vcd {
    /** One value from {@code timePs} on: a number, or text for a string signal. */
    record Change(long timePs, String value) {
    }

    /** Per signal (full dotted name), its declared type and width and its changes; several at one time folded into the last. */
    record Signal(String type, int width, List<Change> changes) {
    }

    private Fst2Vcd() {
    }

    static Path tool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "fst2vcd");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Skips the calling test when fst2vcd is absent. */
    static void assumeInstalled() {
        assumeTrue(tool() != null, "fst2vcd not on PATH (apt-get install gtkwave): the FST cannot be checked against GTKWave's reader");
    }

    /** Converts {@code fst} to {@code vcd} with fst2vcd; asserts it succeeds. */
    static Path convert(Path fst, Path vcd) throws IOException, InterruptedException {
        assumeInstalled();
        Process p = new ProcessBuilder(tool().toString(), "-f", fst.toString(), "-o", vcd.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("fst2vcd finished").isTrue();
        assertThat(p.exitValue()).as("fst2vcd exit code; output:%n%s", out).isZero();
        assertThat(out).as("fst2vcd said").doesNotContainIgnoringCase("error");
        return vcd;
    }

    /** Reads any VCD of two-state wires and strings: ours, or fst2vcd's. */
    static Map<String, Signal> read(Path vcd) throws IOException {
        String[] tok = Files.readString(vcd, StandardCharsets.ISO_8859_1).split("\\s+");
        Deque<String> scopes = new ArrayDeque<>();
        Map<String, String> nameOf = new LinkedHashMap<>();
        Map<String, Signal> byName = new LinkedHashMap<>();
        Map<String, List<Change>> byId = new HashMap<>();
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
                    List<Change> l = new ArrayList<>();
                    byId.put(id, l);
                    byName.put(name, new Signal(type, width, l));
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

    private static void add(Map<String, List<Change>> byId, String id, long time, String value) throws IOException {
        List<Change> l = byId.get(id);
        if (l == null) {
            throw new IOException("undeclared identifier " + id);
        }
        if (!l.isEmpty() && l.get(l.size() - 1).timePs() == time) {
            l.set(l.size() - 1, new Change(time, value)); // the last change in a step counts
        } else {
            l.add(new Change(time, value));
        }
    }

    /** Per signal, its (time, value) list; the form two dumps of the same run must agree in. */
    static Map<String, List<Change>> changes(Map<String, Signal> dump) {
        Map<String, List<Change>> m = new LinkedHashMap<>();
        dump.forEach((k, v) -> m.put(k, v.changes()));
        return m;
    }
}
