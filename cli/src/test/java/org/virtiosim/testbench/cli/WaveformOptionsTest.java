package org.virtiosim.testbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtiosim.waveforms.Fst2Vcd;
import org.virtiosim.waveforms.VcdReader;

class WaveformOptionsTest {
    @TempDir
    Path dir;

    private static final String[] SCHEMES = {"mmio", "indirect", "aq"};

    private static CliRun compare(String option, Path file, String... more) {
        return compare("4", String.join(",", SCHEMES), option, file, more);
    }

    private static CliRun compare(String vfs, String schemes, String option, Path file, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("compare", "--vfs", vfs, "--notify", "vf-bar",
                "--schemes", schemes, option, file.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(new String[0]));
    }

    @Test
    void theSameRunAsFstReadsBackThroughFst2vcdWithTheChangesOfItsVcdSignalBySignal() throws Exception {
        assumeTrue(Fst2Vcd.tool().isPresent(), Fst2Vcd.ABSENT);
        CliRun v = compare("--vcd", dir.resolve("v.vcd"));
        CliRun f = compare("--wave", dir.resolve("w.fst"));
        assertThat(v.exit()).isZero();
        assertThat(f.exit()).as(f.err()).isZero();
        assertThat(f.out()).isEqualTo(v.out());
        for (String s : SCHEMES) {
            Path fst = dir.resolve("w-" + s + ".fst");
            assertThat(f.err()).contains(fst.toString());
            Path back = Fst2Vcd.convert(fst, dir.resolve("back-" + s + ".vcd"));
            Map<String, List<VcdReader.LooseChange>> ours = VcdReader.changes(VcdReader.loose(dir.resolve("v-" + s + ".vcd")));
            Map<String, List<VcdReader.LooseChange>> theirs = VcdReader.changes(VcdReader.loose(back));
            assertThat(theirs.keySet()).as(s).containsExactlyElementsOf(ours.keySet());
            for (String signal : ours.keySet()) {
                assertThat(theirs.get(signal)).as("%s %s", s, signal).isEqualTo(ours.get(signal));
            }
            assertThat(ours.get("tb.device.vf1.status")).as("the run did something").hasSizeGreaterThan(2);
            VcdCheck.numericSignals(back, dir);
            // the save file opens the FST, with the same groups and filters as the VCD's
            String gtkw = Files.readString(dir.resolve("w-" + s + ".gtkw"));
            assertThat(gtkw).contains("[dumpfile] \"" + fst.toAbsolutePath().normalize() + "\"");
            assertThat(body(gtkw)).isEqualTo(body(Files.readString(dir.resolve("v-" + s + ".gtkw"))));
        }
        // same inputs, same bytes
        assertThat(compare("4", "aq", "--wave", dir.resolve("again.fst")).exit()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("again-aq.fst"))).isEqualTo(Files.readAllBytes(dir.resolve("w-aq.fst")));
    }

    /** A save file without the lines naming its own and its dump file's paths. */
    private static List<String> body(String gtkw) {
        return gtkw.lines().filter(l -> !l.startsWith("[dumpfile]") && !l.startsWith("[savefile]")).toList();
    }

    @Test
    void noWaveTextLeavesOutTheTextSignalsAndKeepsEveryNumericChange() throws Exception {
        CliRun with = compare("4", "aq", "--wave", dir.resolve("t.vcd"));
        CliRun without = compare("4", "aq", "--wave", dir.resolve("n.vcd"), "--no-wave-text");
        assertThat(with.exit()).as(with.err()).isZero();
        assertThat(without.exit()).as(without.err()).isZero();
        assertThat(without.out()).isEqualTo(with.out());
        Map<String, VcdReader.LooseSignal> full = new java.util.LinkedHashMap<>(VcdReader.loose(dir.resolve("t-aq.vcd")));
        Map<String, VcdReader.LooseSignal> numeric = VcdReader.loose(dir.resolve("n-aq.vcd"));
        assertThat(full.values()).extracting(VcdReader.LooseSignal::type).contains("string");
        assertThat(numeric.values()).extracting(VcdReader.LooseSignal::type).doesNotContain("string");
        full.values().removeIf(sig -> sig.type().equals("string"));
        assertThat(numeric).isEqualTo(full);
        assertThat(Files.size(dir.resolve("n-aq.vcd"))).isLessThan(Files.size(dir.resolve("t-aq.vcd")));
    }

    @Test
    void theSizeCapAppliesToFstToo() {
        Path fst = dir.resolve("c.fst");
        CliRun r = compare("256", "aq", "--wave", fst, "--wave-max-mb", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("stopped at --wave-max-mb 1");
        assertThat(dir.resolve("c-aq.fst")).exists();
        assertThat(dir.resolve("c-aq.fst").toFile().length()).isLessThanOrEqualTo(1 << 20);
    }

    @Test
    void anUnknownExtensionIsOneLineAndExitTwoWithNothingWritten() {
        for (String name : new String[] {"w.txt", "w", "w.vcd.gz"}) {
            CliRun r = compare("--wave", dir.resolve(name));
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("unknown waveform format", "*.vcd or *.fst").doesNotContain("Exception");
        }
        CliRun both = compare("--wave", dir.resolve("a.fst"), "--vcd", dir.resolve("b.vcd").toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err().lines().count()).isEqualTo(1);
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void fstPackZlibReadsBackAsTheDefaultLz4AndBadPacksAreOneLineExitTwo() throws Exception {
        CliRun lz4 = compare("4", "aq", "--wave", dir.resolve("l.fst"));
        CliRun zlib = compare("4", "aq", "--wave", dir.resolve("z.fst"), "--fst-pack", "zlib");
        assertThat(lz4.exit()).as(lz4.err()).isZero();
        assertThat(zlib.exit()).as(zlib.err()).isZero();
        assertThat(zlib.out()).isEqualTo(lz4.out());
        byte[] l = Files.readAllBytes(dir.resolve("l-aq.fst"));
        byte[] z = Files.readAllBytes(dir.resolve("z-aq.fst"));
        assertThat(l).isNotEqualTo(z);
        if (Fst2Vcd.tool().isPresent()) {
            assertThat(VcdReader.changes(VcdReader.loose(Fst2Vcd.convert(dir.resolve("l-aq.fst"), dir.resolve("l.vcd")))))
                    .isEqualTo(VcdReader.changes(VcdReader.loose(Fst2Vcd.convert(dir.resolve("z-aq.fst"), dir.resolve("z.vcd")))));
        }
        assertThat(compare("4", "aq", "--wave", dir.resolve("l2.fst"), "--fst-pack", "lz4").exit()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("l2-aq.fst"))).isEqualTo(l);
        Path bad = dir.resolve("bad");
        Files.createDirectory(bad);
        for (String[] args : new String[][] {{"--wave", bad.resolve("x.fst").toString(), "--fst-pack", "gzip"},
                {"--wave", bad.resolve("x.vcd").toString(), "--fst-pack", "zlib"}}) {
            List<String> a = new java.util.ArrayList<>(List.of("compare", "--vfs", "4", "--schemes", "aq", "--notify", "vf-bar"));
            a.addAll(List.of(args));
            CliRun r = CliRun.of(a.toArray(new String[0]));
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("--fst-pack").doesNotContain("Exception");
        }
        assertThat(bad.toFile().list()).isEmpty();
    }
}
