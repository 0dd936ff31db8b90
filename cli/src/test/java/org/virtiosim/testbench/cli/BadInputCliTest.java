package org.virtiosim.testbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13's bad-input classes, through the CLI in-process: a bad value is one stderr line and exit 2 (no stack
 * trace, no Java class name); a run the input asks for that would crash or hang runs or is refused; an exit code
 * says whether the run tested what was asked.
 */
class BadInputCliTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** Exit 2 and one line on stderr, naming the command, with no Java internals and no echo longer than a line. */
    private static CliRun refused(String... args) {
        CliRun r = run(args);
        assertThat(r.exit()).as("exit of %s; stderr %s", String.join(" ", args), r.err()).isEqualTo(2);
        assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("virtio-sim").contains(": error: ").doesNotContain("\n")
                .doesNotContain("Exception", "java.", "\tat ", "Jackson", "StreamReadConstraints", "VALUE_");
        assertThat(r.err().length()).isLessThan(600);
        return r;
    }

    private static Path write(Path dir, String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    // ---- 1. one number grammar ------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"aq_queues=2.5", "vm_exit_ns=50d", "vm_exit_ns=1500f", "vm_exit_ns=0x1p3", "vm_exit_ns=NaN",
        "vm_exit_ns=Infinity", "parallel_resets=1e12", "aq_queues=1_0", "reset_cycles=1e12", "vm_exit_ns=-1"})
    void aSetValueOutsideTheGrammarOrTheRangeIsRefused(String assignment) {
        refused("compare", "--vfs", "1", "--set", assignment, "--schemes", "mmio", "--notify", "none");
    }

    @Test
    void aRangeErrorNamesTheDeclaredRangeAndAFractionIsNotTruncated() {
        assertThat(refused("compare", "--set", "parallel_resets=1e12").err()).contains("out of range 1..65535");
        assertThat(refused("compare", "--set", "aq_queues=2.5").err()).contains("expected a whole number from 1 to 256");
        assertThat(refused("compare", "--set", "reset_cycles=1e12").err()).contains("out of range 0..1000000000");
    }

    @Test
    void aValueInTheGrammarIsTakenWithItsUnitOrInHex() {
        CliRun r = run("compare", "--vfs", "0x2", "--set", "vm_exit_ns=1500 ns", "--set", "aq_queues=2e0", "--schemes", "mmio",
                "--notify", "none", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"vfs\":2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--vfs=2.5", "--vfs=1e99", "--vfs=50d", "--seed=NaN", "--repeat=0x", "--tolerance=NaN", "--tolerance=Infinity",
        "--tolerance=-1", "--tolerance=access_cycles.p99=NaN", "--trace-window=NaN..5", "--trace-window=1e99..", "--fault=drop-completion@1.5",
        "--fault=surprise-reset@0x1p1:5", "--vcd-max-mb=2.0e"})
    void everyNumericOptionTakesTheSameGrammar(String option) {
        refused("compare", "--vfs", "1", option, "--schemes", "mmio", "--notify", "none");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5s", "0s", "99999999999999999999h", "PT-1H", "P99999999999D", "1.5h", "NaNs", "367d", "9000h"})
    void maxWallIsAPositiveBoundedDuration(String wall, @TempDir Path dir) {
        refused("sweep", "--vary", "vfs=1", "--vary", "scheme=mmio", "--out", dir.resolve("o").toString(), "--max-wall", wall);
    }

    @Test
    void sweepVaryTakesTheGrammar(@TempDir Path dir) {
        refused("sweep", "--vary", "vfs=1,2.5", "--out", dir.resolve("o").toString());
        refused("sweep", "--vary", "aq_queues=1,50d", "--out", dir.resolve("o").toString());
        assertThat(dir.resolve("o")).doesNotExist();
    }

    // ---- 2. crashes ------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"W,0x13,2,0", "W,0x01,4,0", "W,0x10,1,0", "W,0x10,4,0", "R,0x12,2,"})
    void aRowThatStraddlesARegisterIsRefusedAlikeByEveryScheme(String row, @TempDir Path dir) throws Exception {
        Path t = write(dir, "t.csv", "op,offset,size,value\n" + row + "\n");
        String first = null;
        for (String scheme : CompareCommand.SCHEMES) {
            String err = refused("replay", "--trace", t.toString(), "--scheme", scheme, "--vfs", "1").err();
            String reason = err.substring(err.indexOf(": error: "));
            assertThat(reason).contains("t.csv:2: field 'offset'");
            first = first == null ? reason : first;
            assertThat(reason).as(scheme).isEqualTo(first);
        }
    }

    @Test
    void aDelayWhosePicosecondsWouldOverflowIsRefused(@TempDir Path dir) throws Exception {
        Path t = write(dir, "t.csv", "op,offset,size,value,delay_ns\nR,0x12,1,,9223372036854775807\n");
        assertThat(refused("replay", "--trace", t.toString(), "--scheme", "mmio", "--vfs", "1").err()).contains("field 'delay_ns'");
    }

    @Test
    void manyNotifiesInARowRunOnEveryRoute(@TempDir Path dir) throws Exception {
        Path t = write(dir, "t.csv", "op,offset,size,value\n" + "W,0x10,2,0\n".repeat(600));
        CliRun r = run("compare", "--scenario", t.toString(), "--vfs", "2", "--schemes", "none", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void sweepOutAtAFileOrDamagedResultsIsOneLine(@TempDir Path dir) throws Exception {
        Path file = write(dir, "f", "x");
        assertThat(refused("sweep", "--vary", "vfs=1", "--vary", "scheme=mmio", "--out", file.toString()).err()).contains("is a file");
        refused("sweep", "--vary", "vfs=1", "--vary", "scheme=mmio", "--out", file.resolve("sub").toString());
        Path out = dir.resolve("o");
        assertThat(run("sweep", "--vary", "vfs=1", "--vary", "scheme=mmio", "--out", out.toString()).exit()).isZero();
        Path json = out.resolve("results.json");
        String good = Files.readString(json);
        String point = "\"point\"\\s*:\\s*0";
        for (String damaged : new String[] {good.replaceFirst(point, "\"point\": -3"), good.replaceFirst(point + ",", ""),
            good.replaceFirst("\"accesses\"\\s*:\\s*[0-9]+", "\"accesses\": \"many\""),
            good.replaceFirst("\"accesses\"\\s*:\\s*[0-9]+", "\"accesses\": -1")}) {
            assertThat(damaged).isNotEqualTo(good);
            Files.writeString(json, damaged);
            refused("sweep", "--vary", "vfs=1", "--vary", "scheme=mmio", "--out", out.toString(), "--resume");
        }
        Files.writeString(json, good.replaceFirst(point, "\"point\": 7"));
        assertThat(refused("sweep", "--vary", "vfs=1", "--vary", "scheme=mmio", "--out", out.toString(), "--resume").err())
                .contains("is not a point of the grid");
        Files.writeString(json, "{not json");
        refused("sweep", "--vary", "vfs=1", "--vary", "scheme=mmio", "--out", out.toString(), "--resume");
    }

    @Test
    void aPlotThatCannotBeWrittenIsOneLine() {
        assertThat(refused("compare", "--vfs", "1", "--schemes", "mmio", "--notify", "none", "--plot", "/proc/virtio-sim-plot.png").err())
                .contains("--plot").doesNotContain(".tmp");
    }

    @Test
    void outOfMemorySaysHowToGiveMore() {
        String line = Main.outOfMemory("virtio-sim compare");
        assertThat(line).startsWith("virtio-sim compare: error: out of memory").contains(Main.XMX_VARIABLE + "=").doesNotContain("\n");
    }

    // ---- 3. hangs --------------------------------------------------------------------------------------------

    @Test
    void aRunPastTwoToTheFortySevenPicosecondsEndsWithTheSameLatencies(@TempDir Path dir) throws Exception {
        // 150 reads a second apart: 150 s simulated, past 2^47 ps (140.7 s), where link times once overflowed.
        Path late = write(dir, "late.csv", "op,offset,size,value,delay_ns\n" + "R,0x12,1,,1000000000\n".repeat(150));
        Path soon = write(dir, "soon.csv", "op,offset,size,value,delay_ns\n" + "R,0x12,1,,1000000\n".repeat(150));
        ObjectMapper m = new ObjectMapper();
        CliRun a = run("replay", "--trace", late.toString(), "--scheme", "mmio", "--vfs", "1", "--json");
        CliRun b = run("replay", "--trace", soon.toString(), "--scheme", "mmio", "--vfs", "1", "--json");
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(m.readTree(a.out()).get("total_cycles").asLong()).isGreaterThan((1L << 47) / 1000);
        assertThat(m.readTree(a.out()).get("access_cycles")).isEqualTo(m.readTree(b.out()).get("access_cycles"));
    }

    // ---- 4. exit codes ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"drop-completion@100000", "surprise-reset@1:1000000000", "stall-firmware@1000000000:1"})
    void aFaultThatNeverFiresIsReportedAndExitsOne(String fault) {
        CliRun r = run("compare", "--vfs", "1", "--schemes", "mmio", "--notify", "none", "--fault", fault);
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains(fault + " did not fire");
        CliRun json = run("compare", "--vfs", "1", "--schemes", "mmio", "--notify", "none", "--fault", fault, "--json");
        assertThat(json.out()).contains("\"violations\"", "did not fire");
    }

    @Test
    void aFaultThatFiresIsNotReportedAsUnfired() {
        CliRun r = run("compare", "--vfs", "1", "--schemes", "mmio", "--notify", "none", "--fault", "drop-completion@1");
        assertThat(r.out()).doesNotContain("did not fire");
    }

    // ---- 5. messages and values accepted that should not be --------------------------------------------------

    @Test
    void sweepDoesNotReadAScenarioFileAsATrace(@TempDir Path dir) throws Exception {
        Path y = write(dir, "study.yaml", "workload:\n  scenario: linux-net-probe\n");
        assertThat(refused("sweep", "--scenario", y.toString(), "--out", dir.resolve("o").toString()).err()).contains("scenario file");
    }

    @Test
    void aScenarioFileInUtf16OrWithATabAfterAColonIsSaidPlainly(@TempDir Path dir) throws Exception {
        Path u16 = dir.resolve("u16.yaml");
        Files.write(u16, "\uFEFFworkload:\n  scenario: linux-net-probe\n".getBytes(StandardCharsets.UTF_16));
        assertThat(refused("compare", "--scenario", u16.toString()).err()).contains("not UTF-8 text");
        Path latin = dir.resolve("latin.yaml");
        Files.write(latin, "name: caf\u00e9\nworkload:\n  scenario: linux-net-probe\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(refused("compare", "--scenario", latin.toString()).err()).contains("latin.yaml:1", "not UTF-8 text");
        Path tab = write(dir, "tab.yaml", "seed:\t3\nworkload:\n  scenario: linux-net-probe\n");
        assertThat(refused("compare", "--scenario", tab.toString()).err()).contains("TAB after ':'").doesNotContain("indentation");
        Path huge = write(dir, "huge.yaml", "seed: " + "9".repeat(5000) + "\nworkload:\n  scenario: linux-net-probe\n");
        refused("compare", "--scenario", huge.toString());
        Path bin = write(dir, "bin.yaml", "seed: !!binary aGVsbG8=\nworkload:\n  scenario: linux-net-probe\n");
        refused("compare", "--scenario", bin.toString());
        Path java = write(dir, "suffixed.yaml", "parameters:\n  vm_exit_ns: 50d\nworkload:\n  scenario: linux-net-probe\n");
        refused("compare", "--scenario", java.toString());
    }

    @Test
    void anEchoedValueIsCut() {
        String err = refused("compare", "--set", "vm_exit_ns=" + "7".repeat(1_000_000)).err();
        assertThat(err).contains("…");
    }

    @Test
    void aSchemeOrRouteNamedTwiceIsRefused() {
        assertThat(refused("compare", "--vfs", "1", "--schemes", "mmio,aq,mmio").err()).contains("'mmio' given twice");
        refused("compare", "--vfs", "1", "--schemes", "none", "--notify", "vf-bar,vf-bar");
    }

    @Test
    void aTraceRowForAVfBeyondTheRunIsRefused(@TempDir Path dir) throws Exception {
        Path t = write(dir, "t.csv", "op,offset,size,value,vf\nR,0x12,1,,1\nR,0x12,1,,5\n");
        assertThat(refused("replay", "--trace", t.toString(), "--scheme", "mmio", "--vfs", "4").err()).contains("t.csv:3", "VF 5");
        refused("compare", "--scenario", t.toString(), "--vfs", "4");
        refused("sweep", "--scenario", t.toString(), "--vary", "vfs=4,8", "--out", dir.resolve("o").toString());
        assertThat(run("replay", "--trace", t.toString(), "--scheme", "mmio", "--vfs", "5").exit()).isZero();
    }

    @Test
    void vfsBeyondTheRoutingIdSpaceIsRefused(@TempDir Path dir) throws Exception {
        // Every input path reads the one limit and says why in one line (exit 2); no VF is built.
        String why = org.virtiosim.device.AddressMap.VF_LIMIT_REASON;
        assertThat(refused("compare", "--vfs", "65280").err()).contains("--vfs: VFs must be 1..65279, got 65280: " + why);
        assertThat(refused("compare", "--vfs", "65535", "--schemes", "mmio", "--notify", "none").err()).contains("got 65535: " + why);
        assertThat(refused("replay", "--trace", write(dir, "t.csv", "op,offset,size,value\nR,0x12,1,\n").toString(), "--scheme", "mmio",
                "--vfs", "65535").err()).contains(why);
        assertThat(refused("sweep", "--vary", "vfs=65280", "--out", dir.resolve("o").toString()).err()).contains("--vary vfs", why);
        assertThat(refused("sensitivity", "--vfs", "65280").err()).contains(why);
        assertThat(refused("claims", "--vfs", "65280").err()).contains(why);
        Path y = write(dir, "big.yaml", "topology:\n  vfs: 65280\nworkload:\n  scenario: linux-net-probe\n");
        assertThat(refused("compare", "--scenario", y.toString()).err()).contains("big.yaml:2", "topology.vfs", "1..65279", why);
        assertThat(Files.exists(dir.resolve("o"))).isFalse();
    }

    @Test
    void thePlotIsTheSameBytesUnderAnyJvmLocale(@TempDir Path dir) throws Exception {
        Locale before = Locale.getDefault();
        try {
            byte[][] png = new byte[2][];
            Locale[] locales = {Locale.ROOT, Locale.GERMANY};
            for (int i = 0; i < 2; i++) {
                Locale.setDefault(locales[i]);
                Path p = dir.resolve("p" + i + ".png");
                CliRun r = run("sweep", "--vary", "vfs=1,2", "--vary", "scheme=mmio", "--out", dir.resolve("o" + i).toString(), "--plot",
                        p.toString());
                assertThat(r.exit()).as(r.err()).isZero();
                png[i] = Files.readAllBytes(p);
            }
            assertThat(png[1]).isEqualTo(png[0]);
        } finally {
            Locale.setDefault(before);
        }
    }
}
