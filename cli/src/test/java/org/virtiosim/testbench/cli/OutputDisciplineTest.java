package org.virtiosim.testbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The output discipline of every command (issue 13, data loss and partial outputs): an output
 * never replaces an input or another output of the run, is written whole or not at all, and a run
 * that fails leaves the files on disk as they were. Each case asserts the exit code, one stderr
 * line with no Java internals or temporary names, and the directory's files before and after.
 */
class OutputDisciplineTest {
    private static final Path TRACE = Path.of("src/test/resources/golden/replay-trace.csv");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    /** Every file under the directory (hidden ones too), with its bytes. */
    private Map<String, String> files() throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString(), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        return m;
    }

    /** Exit 2 and exactly one line naming {@code names}, nothing of Java or of a temporary file. */
    private static void refused(Run r, String... names) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).doesNotContain("Exception", "java.", ".tmp", "\tat ").contains(names);
    }

    private Path trace() throws IOException {
        Path t = dir.resolve("t.csv");
        Files.copy(TRACE, t);
        return t;
    }

    private String[] replay(Path trace, String... more) {
        List<String> a = new ArrayList<>(List.of("replay", "--trace", trace.toString(), "--scheme", "mmio", "--vfs", "1"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @ParameterizedTest(name = "replay {0} t.csv")
    @ValueSource(strings = {"--vcd", "--junit", "--save-baseline"})
    void anOutputNamingTheTraceIsRefusedAndTheTraceIsUnchanged(String option) throws IOException {
        // a waveform is named FILE.vcd or FILE.fst (else refused for that): a trace so named, for the input check
        Path t = option.equals("--vcd") ? Files.move(trace(), dir.resolve("t.vcd")) : trace();
        Map<String, String> before = files();
        refused(run(replay(t, option, t.toString())), option, t.getFileName().toString(), "input");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void anOutputNamingTheTraceThroughALinkOrAnotherSpellingIsRefused() throws IOException {
        Path t = trace();
        Files.createDirectory(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), t);
        Map<String, String> before = files();
        refused(run(replay(t, "--junit", dir.resolve("sub/../t.csv").toString())), "input");
        refused(run(replay(t, "--junit", link.toString())), "input");
        Path hard = Files.createLink(dir.resolve("hard.csv"), t);
        refused(run(replay(t, "--save-baseline", hard.toString())), "input");
        assertThat(files()).containsAllEntriesOf(before);
    }

    @Test
    void saveBaselineOntoTheScenarioFileOrItsTraceIsRefused() throws IOException {
        Path t = trace();
        Path yaml = dir.resolve("s.yaml");
        Files.writeString(yaml, "name: s\nworkload:\n  trace: t.csv\nschemes: [mmio]\ntopology:\n  vfs: 1\n");
        Map<String, String> before = files();
        refused(run("compare", "--scenario", yaml.toString(), "--save-baseline", yaml.toString()), "s.yaml", "input");
        refused(run("compare", "--scenario", yaml.toString(), "--junit", t.toString()), "t.csv", "input");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void twoOutputsNamingOneFileAreRefusedBeforeTheRun() throws IOException {
        Path t = trace();
        Map<String, String> before = files();
        String r = dir.resolve("r.html").toString();
        refused(run(replay(t, "--report", r, "--junit", r)), "--junit", "r.html", "--report");
        refused(run("compare", "--vfs", "1", "--schemes", "mmio", "--notify", "none", "--report", r, "--save-baseline", r), "r.html");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void aVcdNamedLikeItsOwnGtkwOrAnotherOutputNamedLikeASidecarIsRefused() throws IOException {
        Path t = trace();
        Map<String, String> before = files();
        refused(run(replay(t, "--vcd", dir.resolve("w.gtkw").toString())), "w.gtkw");
        refused(run(replay(t, "--vcd", dir.resolve("w.vcd").toString(), "--junit", dir.resolve("w.gtkw").toString())), "w.gtkw");
        refused(run(replay(t, "--vcd", dir.resolve("w.vcd").toString(), "--save-baseline", dir.resolve("tlp_types.txt").toString())),
                "tlp_types.txt");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void aSidecarThatVirtioSimDidNotWriteIsNotOverwrittenButItsOwnIsOnTheNextRun() throws IOException {
        Path t = trace();
        Path mine = dir.resolve("tlp_types.txt");
        Files.writeString(mine, "my notes\n");
        Map<String, String> before = files();
        refused(run(replay(t, "--vcd", dir.resolve("w.vcd").toString())), "tlp_types.txt", "did not write");
        assertThat(files()).isEqualTo(before);
        Files.delete(mine);
        assertThat(run(replay(t, "--vcd", dir.resolve("w.vcd").toString())).exit()).isZero();
        Map<String, String> first = files();
        assertThat(first).containsKeys("w.vcd", "w.gtkw", "tlp_types.txt");
        Run again = run(replay(t, "--vcd", dir.resolve("w.vcd").toString()));
        assertThat(again.exit()).as("a second run replaces what the first wrote: %s", again.err()).isZero();
        assertThat(files()).isEqualTo(first);
        Files.writeString(dir.resolve("x.gtkw"), "[*] my own layout\n");
        refused(run(replay(t, "--vcd", dir.resolve("x.vcd").toString())), "x.gtkw");
    }

    @ParameterizedTest(name = "--vcd {0}")
    @ValueSource(strings = {".", "..", ".hidden.vcd", "sub"})
    void aVcdNameThatIsADirectoryOrHiddenIsRefused(String name) throws IOException {
        Path t = trace();
        Files.createDirectory(dir.resolve("sub"));
        Map<String, String> before = files();
        Path vcd = name.equals("sub") ? dir.resolve("sub") : Path.of(name);
        refused(run(replay(t, "--vcd", vcd.toString())), "--vcd");
        assertThat(files()).isEqualTo(before);
        try (Stream<Path> s = Files.list(Path.of("."))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".-") || n.startsWith("..-"));
        }
    }

    @Test
    void anOutputThatIsADirectoryOrInNoDirectoryIsRefused() throws IOException {
        Path t = trace();
        Files.createDirectory(dir.resolve("d.html"));
        Map<String, String> before = files();
        refused(run(replay(t, "--report", dir.resolve("d.html").toString())), "d.html", "directory");
        refused(run(replay(t, "--junit", dir.resolve("no/such/j.xml").toString())), "j.xml", "no such directory");
        assertThat(files()).isEqualTo(before);
    }

    /** Fails every write to a temporary file whose name contains {@code name} after {@code bytes}, as a full disk does. */
    private static OutputPlan.Opener diskFullFor(String name, long bytes) {
        return t -> {
            OutputStream real = Files.newOutputStream(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            if (!t.getFileName().toString().contains(name)) {
                return real;
            }
            return new FilterOutputStream(real) {
                private long written;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (written + len > bytes) {
                        throw new IOException("No space left on device");
                    }
                    written += len;
                    out.write(b, off, len);
                }
            };
        };
    }

    @Test
    void diskFullWhileWritingTheSecondVcdLeavesNothingOfTheRunBehind() throws IOException {
        Path old = dir.resolve("r.html");
        Files.writeString(old, "an older report\n");
        Map<String, String> before = files();
        Run r = OutputPlan.withOpener(diskFullFor("w-indirect.vcd", 2000), () -> run("compare", "--vfs", "2", "--schemes", "mmio,indirect",
                "--notify", "none", "--vcd", dir.resolve("w.vcd").toString(), "--report", old.toString(),
                "--plot", dir.resolve("p.png").toString(), "--junit", dir.resolve("j.xml").toString(),
                "--save-baseline", dir.resolve("b.json").toString()));
        refused(r, "w-indirect.vcd", "no space left on device");
        assertThat(files()).as("no first VCD, sidecar, report, plot or temporary file; the older report as it was").isEqualTo(before);
    }

    @ParameterizedTest(name = "disk full writing {0}")
    @ValueSource(strings = {"r.html", "p.png", "j.xml", "b.json", "w.gtkw", "tlp_types.txt"})
    void aWriteFailureOfAnyLateOutputRemovesEveryOutputOfTheRun(String failing) throws IOException {
        Path t = trace();
        Map<String, String> before = files();
        Run r = OutputPlan.withOpener(diskFullFor(failing, 10), () -> run(replay(t, "--vcd", dir.resolve("w.vcd").toString(),
                "--report", dir.resolve("r.html").toString(), "--plot", dir.resolve("p.png").toString(),
                "--junit", dir.resolve("j.xml").toString(), "--save-baseline", dir.resolve("b.json").toString())));
        refused(r, failing, "no space left on device");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void aRunThatSucceedsWritesItsOutputsWholeAndNothingElse() throws IOException {
        Run r = run("compare", "--vfs", "1", "--schemes", "mmio", "--notify", "none", "--json", "--junit", dir.resolve("j.xml").toString(),
                "--save-baseline", dir.resolve("b.json").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(dir.resolve("b.json")).content(StandardCharsets.UTF_8).as("the saved baseline is the JSON printed").isEqualTo(r.out());
        assertThat(files().keySet()).containsExactlyInAnyOrder("j.xml", "b.json");
        assertThat(Files.readString(dir.resolve("j.xml"))).startsWith("<?xml").endsWith("</testsuite>\n");
    }

    // --- baselines

    @ParameterizedTest(name = "baseline {0}")
    @ValueSource(strings = {"{}", "[]", "null", "", "{\"schemes\": []}", "{\"schemes\": {}}", "{\"schemes\": [{}]}", "{,",
        "{\"schema_version\": 3, \"grid\": {\"vfs\": [\"1\"]}, \"rows\": []}"})
    void aBaselineWithNoRunsIsAnErrorSayingWhatWasExpected(String text) throws IOException {
        Path t = trace();
        Path b = dir.resolve("b.json");
        Files.writeString(b, text);
        Map<String, String> before = files();
        Run r = run(replay(t, "--baseline", b.toString(), "--junit", dir.resolve("j.xml").toString()));
        refused(r, "--baseline", "b.json");
        assertThat(r.err()).containsAnyOf("expected", "not valid JSON");
        assertThat(files()).isEqualTo(before);
    }

    /** A FIFO made with mkfifo, or the test skipped where there is none. */
    private Path fifo(String name) throws Exception {
        Path f = dir.resolve(name);
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", f.toString()).redirectErrorStream(true).start();
        } catch (IOException noMkfifo) {
            Assumptions.abort("no mkfifo on this system (FIFOs are what this test is about)");
            throw noMkfifo;
        }
        Assumptions.assumeTrue(p.waitFor() == 0 && Files.exists(f), "mkfifo could not make a FIFO here");
        return f;
    }

    @Test
    @Timeout(60)
    void aFifoBaselineOrOutputIsRefusedWithoutOpeningIt() throws Exception {
        Path t = trace();
        Path f = fifo("b.json");
        refused(run(replay(t, "--baseline", f.toString())), "b.json", "not a regular file");
        refused(run(replay(t, "--junit", f.toString())), "b.json", "not a regular file");
        refused(run(replay(t, "--vcd", dir.resolve("w.vcd").toString(), "--report", dir.resolve("r.html").toString(),
                "--save-baseline", f.toString())), "not a regular file");
        assertThat(Files.isRegularFile(f)).isFalse();
        assertThat(files().keySet()).containsExactly("t.csv");
    }

    // --- sweep and merge

    private Path sweep(String name, String shard) {
        Path out = dir.resolve(name);
        List<String> a = new ArrayList<>(List.of("sweep", "--vary", "vfs=1,2", "--vary", "scheme=mmio,indirect", "--threads", "1",
                "--out", out.toString()));
        if (shard != null) {
            a.addAll(List.of("--shard", shard));
        }
        Run r = run(a.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        return out;
    }

    @Test
    void mergeOfAnIncompleteSetOfShardsNamesTheMissingPointsUnlessAllowed() throws IOException {
        Path a = sweep("a", "0/2");
        Map<String, String> before = files();
        Run r = run("merge", a.toString(), "--out", dir.resolve("m").toString());
        refused(r, "2 of 4 points are in no shard", "1 (vfs=1, scheme=indirect, firmware=default)", "3 (vfs=2, scheme=indirect, firmware=default)", "--allow-partial");
        assertThat(files()).isEqualTo(before);
        assertThat(dir.resolve("m")).doesNotExist();
        Run partial = run("merge", a.toString(), "--out", dir.resolve("m").toString(), "--allow-partial");
        assertThat(partial.exit()).as(partial.err()).isZero();
        assertThat(partial.err()).contains("2 of 4 points are in no shard");
        Path b = sweep("b", "1/2");
        Run whole = run("merge", a.toString(), b.toString(), "--out", dir.resolve("all").toString());
        assertThat(whole.exit()).as(whole.err()).isZero();
        assertThat(whole.err()).contains("merge: 4 points");
    }

    @Test
    void mergeOntoAShardIsRefused() throws IOException {
        Path a = sweep("a", "0/2");
        Path b = sweep("b", "1/2");
        Map<String, String> before = files();
        refused(run("merge", a.toString(), b.toString(), "--out", a.toString()), "results.json", "input");
        assertThat(files()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"point\" : 1,->\"point\" : 99,|field 'point'|not a point of the grid",
        "\"point\" : 1,->\"point\" : -1,|field 'point'|whole number",
        "\"tlps_down\" : ->\"tlps_down\" : \"many\", \"x\" : |field 'tlps_down'|'many'",
        "\"total_cycles\" : ->\"total_cycles\" : -5, \"x\" : |field 'total_cycles'|'-5'",
        "\"access_cycles_mean\" : ->\"access_cycles_mean\" : \"NaN\", \"x\" : |field 'access_cycles_mean'|'NaN'",
        "\"vfs\" : 2,->\"vfs\" : 7,|field 'vfs'|has vfs=2"})
    void mergeOfADamagedRowNamesTheFileLineAndField(String spec) throws IOException {
        String[] p = spec.split("\\|");
        String[] edit = p[0].split("->");
        Path a = sweep("a", null);
        Path json = a.resolve("results.json");
        String text = Files.readString(json);
        Files.writeString(json, text.replaceFirst(java.util.regex.Pattern.quote(edit[0]), java.util.regex.Matcher.quoteReplacement(edit[1])));
        Map<String, String> before = files();
        Run r = run("merge", a.toString(), "--out", dir.resolve("m").toString());
        refused(r, "results.json:", p[1], p[2]);
        assertThat(r.err()).containsPattern("results\\.json:\\d+: ");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void mergeOfAShardWithAPointTwiceNamesBothLines() throws IOException {
        Path a = sweep("a", null);
        Path json = a.resolve("results.json");
        String text = Files.readString(json);
        int start = text.indexOf('{', text.indexOf("\"rows\""));
        String row = text.substring(start, text.indexOf('}', start) + 1);
        Files.writeString(json, text.substring(0, start) + row + ", " + text.substring(start));
        Map<String, String> before = files();
        refused(run("merge", a.toString(), "--out", dir.resolve("m").toString()), "results.json:", "field 'point'", "also the row at line");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void sweepOutputsMayNotNameItsResultsAndAnOutDirThatIsAFileIsRefused() throws IOException {
        Path out = dir.resolve("s");
        refused(run("sweep", "--vary", "vfs=1", "--out", out.toString(), "--junit", out.resolve("results.json").toString()),
                "results.json");
        Files.writeString(dir.resolve("f"), "x");
        refused(run("sweep", "--vary", "vfs=1", "--out", dir.resolve("f").toString()), "not a directory");
        assertThat(out).doesNotExist();
    }
}
