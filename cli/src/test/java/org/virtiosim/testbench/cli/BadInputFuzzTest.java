package org.virtiosim.testbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtiosim.core.random.SplitMix64;

/**
 * The bad-input promise, fuzzed: seeded mutations of a trace, of a scenario file and of option
 * values, each run through the CLI in-process. Whatever the input, the tool exits 0, 1 or 2; on 2
 * it says one line; it never prints a stack trace or a Java class name; it never changes an input
 * or leaves a file it was not asked to write; and it ends (a run that does not end in
 * {@link #HANG} is reported as a hang — a bound on hanging, not a performance figure). Bounded:
 * {@link #CASES} small runs (1 VF, one scheme), a few seconds in all.
 */
class BadInputFuzzTest {
    private static final long SEED = 0x5EED_F022L;
    private static final int CASES = 600;
    private static final Duration HANG = Duration.ofSeconds(60);
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-case");
        t.setDaemon(true);
        return t;
    });

    /** Tokens a careless or hostile user puts where a value goes. */
    private static final String[] TOKENS = {"", " ", "-1", "0", "1", "2", "4", "8", "255", "256", "65535", "65536",
        "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1e12", "1e308", "1e999",
        "NaN", "Infinity", "-0", "0x", "0x13", "0xFFFFFFFF", "0x1p3", "50d", "1500f", "2.5", ".5", "1_000", "+3",
        "R", "W", "N", "MSIX", "true", "yes", "null", "~", "[]", "{}", "a,b", "\"", "'", "\t", "\u00e9", "\u0000",
        "\u001b[31m", "x".repeat(2000), "mmio", "aq", "vf-bar", "io-bar", "reset-storm", "../x", "/dev/null"};

    private static final String[] SCHEMES = {"mmio", "pf-window", "indirect", "cfg-cap", "aq", "mmio-direct"};
    private static final String[] PARAMS = {"completion_timeout_us", "aq_queues", "reset_cycles", "parallel_resets",
        "mmio_read_during_reset", "backing", "notify_route", "host_cpus", "vf_start_spread_us", "think_jitter_ns",
        "aq_commands_in_flight", "mac_apply", "notify_info", "firmware_cores", "no_such_parameter"};
    private static final String[] FAULTS = {"drop-completion@", "stall-firmware@", "surprise-reset@", "notify-info-offset@",
        "no-such-fault@", ""};

    private static final String YAML = String.join("\n",
            "name: fuzz-study",
            "seed: 7",
            "topology:",
            "  vfs: 1",
            "  link: gen4x16",
            "parameters:",
            "  completion_timeout_us: 500",
            "  aq_queues: 2",
            "  mmio_read_during_reset: stall",
            "schemes: [mmio, aq]",
            "notify: [vf-bar]",
            "workload:",
            "  scenario: linux-net-probe",
            "");

    @AfterAll
    static void stop() {
        RUNNER.shutdownNow();
    }

    record Outcome(int exit, String out, String err) {
    }

    @Test
    void noMutatedInputBreaksThePromise(@TempDir Path dir) throws Exception {
        String trace = resource("/golden/replay-trace.csv");
        SplitMix64 random = SplitMix64.forStream(SEED, "fuzz");
        List<String> broken = new ArrayList<>();
        Map<String, Integer> exits = new TreeMap<>();
        for (int i = 0; i < CASES; i++) {
            Path work = Files.createDirectory(dir.resolve("case" + i));
            String[] args = switch (i % 6) {
                case 0 -> traceCase(work, trace, random);
                case 1 -> yamlCase(work, random);
                case 2 -> optionCase(random);
                case 3 -> rowsCase(work, random);
                case 4 -> outputCase(work, trace, random);
                default -> replayOptionCase(work, trace, random);
            };
            Map<Path, byte[]> before = snapshot(work);
            Outcome o = run(args);
            exits.merge(String.valueOf(o.exit()), 1, Integer::sum);
            String problem = problem(o, before, snapshot(work), outputs(args, work));
            if (problem != null) {
                broken.add("case " + i + " " + printable(String.join(" ", args)) + ": " + problem);
            }
        }
        assertThat(broken).as("exit codes seen: %s", exits).isEmpty();
        assertThat(exits).as("the fuzzer reaches both the error paths and real runs").containsKeys("0", "2");
    }

    /** What breaks the promise in this outcome, or null. */
    private static String problem(Outcome o, Map<Path, byte[]> before, Map<Path, byte[]> after, List<Path> outputs) {
        if (o.exit() == -1) {
            return "did not end within " + HANG.toSeconds() + " s";
        }
        if (o.exit() < 0 || o.exit() > 2) {
            return "exit " + o.exit();
        }
        String err = o.err().strip();
        if (o.exit() == 2 && (err.isEmpty() || err.lines().count() != 1)) {
            return "exit 2 with " + err.lines().count() + " stderr lines: " + printable(first(err));
        }
        for (String bad : List.of("Exception", "\tat ", "java.", "org.virtiosim", "com.fasterxml", ".tmp", "Error:")) {
            if (o.err().contains(bad) || o.out().contains("\tat ")) {
                return "stderr shows \"" + bad + "\": " + printable(first(err));
            }
        }
        for (Map.Entry<Path, byte[]> e : before.entrySet()) {
            if (!Arrays.equals(e.getValue(), after.get(e.getKey()))) {
                return "input changed: " + e.getKey().getFileName();
            }
        }
        // A run that failed on its input leaves nothing; one that ran may leave only what it was asked to write.
        List<Path> extra = after.keySet().stream().filter(p -> !before.containsKey(p))
                .filter(p -> o.exit() == 2 || outputs.stream().noneMatch(stem -> p.toString().startsWith(stem.toString()))).toList();
        if (!extra.isEmpty()) {
            return "files left behind after exit " + o.exit() + ": " + extra.stream().map(Path::getFileName).toList();
        }
        return null;
    }

    private static String first(String s) {
        int n = s.indexOf('\n');
        return n < 0 ? s : s.substring(0, n);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : (s.length() > 200 ? s.substring(0, 200) + "..." : s).toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    /** The trace with one to three rows damaged, replayed through one scheme. */
    private static String[] traceCase(Path work, String trace, SplitMix64 random) throws IOException {
        List<String> lines = new ArrayList<>(trace.lines().toList());
        int mutations = 1 + pick(random, 3);
        for (int m = 0; m < mutations; m++) {
            int at = pick(random, lines.size());
            String line = lines.get(at);
            switch (pick(random, 6)) {
                case 0 -> {
                    String[] f = line.split(",", -1);
                    f[pick(random, f.length)] = token(random);
                    lines.set(at, String.join(",", f));
                }
                case 1 -> lines.remove(at);
                case 2 -> lines.add(at, String.join(",", token(random), token(random), token(random), token(random)));
                case 3 -> lines.set(at, line.substring(0, pick(random, line.length() + 1)));
                case 4 -> lines.add(at, line + "," + token(random));
                default -> lines.set(at, line.replace(",", pick(random, 2) == 0 ? ";" : ",,"));
            }
        }
        Path t = work.resolve("t.csv");
        Files.writeString(t, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return new String[] {"replay", "--trace", t.toString(), "--scheme", SCHEMES[pick(random, SCHEMES.length)], "--vfs", "1"};
    }

    /** The output files an argument list asks for (VCD sidecars share the VCD's name stem). */
    private static List<Path> outputs(String[] args, Path work) {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (OUTPUT_OPTIONS.contains(args[i])) {
                Path name = work.resolve(args[i + 1]);
                String file = name.getFileName() == null ? "" : name.getFileName().toString();
                int dot = file.lastIndexOf('.');
                // A VCD comes with its .gtkw (same stem), and tlp_types.txt and fw_handlers.txt beside it.
                out.add(name.resolveSibling(dot > 0 ? file.substring(0, dot) : file));
                if (args[i].equals("--vcd")) {
                    out.add(name.resolveSibling("tlp_types.txt"));
                    out.add(name.resolveSibling("fw_handlers.txt"));
                }
            }
        }
        return out;
    }

    private static final List<String> OUTPUT_OPTIONS = List.of("--vcd", "--junit", "--save-baseline", "--report", "--plot");
    private static final String[] OUTPUT_NAMES = {"t.csv", "out.vcd", "j.xml", "b.json", "r.html", "p.png", "out.gtkw", "tlp_types.txt",
        ".", "", "sub/x.vcd", "/proc/x.json", "/dev/full"};

    /** Legacy accesses made up field by field: offsets, sizes and values near and off the layout. */
    private static String[] rowsCase(Path work, SplitMix64 random) throws IOException {
        StringBuilder b = new StringBuilder("op,offset,size,value,vf,delay_ns\n");
        int rows = 1 + pick(random, 6);
        String[] ops = {"R", "W", "W", "R", "MSIX", "X"};
        int[] sizes = {1, 2, 4, 0, 3, 6, 8};
        for (int r = 0; r < rows; r++) {
            String op = ops[pick(random, ops.length)];
            b.append(op).append(",0x").append(Integer.toHexString(pick(random, 0x40))).append(',')
                    .append(sizes[pick(random, sizes.length)]).append(',')
                    .append(op.equals("R") && pick(random, 2) == 0 ? "" : "0x" + Long.toHexString(random.nextLong()))
                    .append(',').append(pick(random, 4) == 0 ? String.valueOf(pick(random, 4)) : "")
                    .append(',').append(pick(random, 4) == 0 ? token(random) : "").append('\n');
        }
        Path t = work.resolve("rows.csv");
        Files.writeString(t, b.toString(), StandardCharsets.UTF_8);
        return new String[] {"replay", "--trace", t.toString(), "--scheme", SCHEMES[pick(random, SCHEMES.length)], "--vfs", "1"};
    }

    /** A good replay whose outputs name its input, each other, a directory or an unwritable place. */
    private static String[] outputCase(Path work, String trace, SplitMix64 random) throws IOException {
        Path t = work.resolve("t.csv");
        Files.writeString(t, trace, StandardCharsets.UTF_8);
        List<String> a = new ArrayList<>(List.of("replay", "--trace", t.toString(), "--scheme", SCHEMES[pick(random, SCHEMES.length)],
                "--vfs", "1"));
        int n = 1 + pick(random, 2);
        for (int k = 0; k < n; k++) {
            String name = OUTPUT_NAMES[pick(random, OUTPUT_NAMES.length)];
            a.add(OUTPUT_OPTIONS.get(pick(random, OUTPUT_OPTIONS.size())));
            a.add(name.startsWith("/") || name.isEmpty() ? name : work.resolve(name).toString());
        }
        if (pick(random, 3) == 0) {
            Files.writeString(work.resolve("out.gtkw"), "[*] not ours\n");
        }
        return a.toArray(String[]::new);
    }

    /** A good replay with one of its numeric or list options given a bad value. */
    private static String[] replayOptionCase(Path work, String trace, SplitMix64 random) throws IOException {
        Path t = work.resolve("t.csv");
        Files.writeString(t, trace, StandardCharsets.UTF_8);
        List<String> a = new ArrayList<>(List.of("replay", "--trace", t.toString(), "--scheme", SCHEMES[pick(random, SCHEMES.length)],
                "--vfs", "1"));
        switch (pick(random, 5)) {
            case 0 -> a.addAll(List.of("--trace-window", token(random) + ".." + token(random), "--vcd", work.resolve("w.vcd").toString()));
            case 1 -> a.addAll(List.of("--tolerance", token(random), "--baseline", t.toString()));
            case 2 -> a.addAll(List.of("--vcd-max-mb", token(random), "--vcd", work.resolve("w.vcd").toString()));
            case 3 -> a.addAll(List.of("--fault", FAULTS[pick(random, FAULTS.length)] + token(random) + ":" + token(random)));
            default -> a.addAll(List.of("--trace-filter", token(random), "--vcd", work.resolve("w.vcd").toString()));
        }
        return a.toArray(String[]::new);
    }

    /** The scenario file with one line damaged. */
    private static String[] yamlCase(Path work, SplitMix64 random) throws IOException {
        List<String> lines = new ArrayList<>(YAML.lines().toList());
        int at = pick(random, lines.size());
        String line = lines.get(at);
        int colon = line.indexOf(':');
        switch (pick(random, 5)) {
            case 0 -> lines.set(at, colon < 0 ? token(random) : line.substring(0, colon + 1) + " " + token(random));
            case 1 -> lines.remove(at);
            case 2 -> lines.set(at, "\t" + line);
            case 3 -> lines.add(at, line);
            default -> lines.set(at, line.replace(": ", ":\t"));
        }
        Path y = work.resolve("s.yaml");
        byte[] text = String.join("\n", lines).getBytes(pick(random, 20) == 0 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8);
        Files.write(y, text);
        return new String[] {"compare", "--scenario", y.toString()};
    }

    /** A small compare with one option given a bad value. */
    private static String[] optionCase(SplitMix64 random) {
        List<String> a = new ArrayList<>(List.of("compare", "--vfs", "1", "--schemes", SCHEMES[pick(random, SCHEMES.length)],
                "--notify", "vf-bar"));
        switch (pick(random, 6)) {
            case 0 -> a.addAll(List.of("--set", PARAMS[pick(random, PARAMS.length)] + "=" + token(random)));
            case 1 -> a.set(2, token(random));
            case 2 -> a.addAll(List.of("--fault", FAULTS[pick(random, FAULTS.length)] + token(random) + ":" + token(random)));
            case 3 -> a.addAll(List.of("--seed", token(random)));
            case 4 -> a.addAll(List.of("--repeat", token(random)));
            default -> a.set(4, token(random));
        }
        return a.toArray(String[]::new);
    }

    private static int pick(SplitMix64 random, int bound) {
        return (int) random.nextLong(bound);
    }

    private static String token(SplitMix64 random) {
        return TOKENS[pick(random, TOKENS.length)];
    }

    private static Outcome run(String[] args) throws Exception {
        Future<Outcome> f = RUNNER.submit(() -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
            return new Outcome(exit, out.toString(), err.toString());
        });
        try {
            return f.get(HANG.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Outcome(-1, "", "");
        } catch (java.util.concurrent.ExecutionException e) {
            return new Outcome(3, "", "thrown out of Main.run: " + e.getCause());
        }
    }

    private static Map<Path, byte[]> snapshot(Path dir) throws IOException {
        Map<Path, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(p, Files.readAllBytes(p));
            }
        }
        return m;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BadInputFuzzTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
