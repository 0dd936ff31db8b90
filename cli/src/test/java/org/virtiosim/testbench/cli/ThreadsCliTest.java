package org.virtiosim.testbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --threads}: the same bytes on one thread and on two (stdout, reports, waveforms, stderr lines); a bad count is one line, exit 2. */
class ThreadsCliTest {
    /** The command with {@code --threads n} and every output file named under {@code dir}. */
    private static CliRun run(Path dir, int n, String... args) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        a.replaceAll(s -> s.replace("DIR", dir.toString()));
        a.add("--threads");
        a.add(String.valueOf(n));
        CliRun r = CliRun.of(a.toArray(String[]::new));
        assertThat(r.exit()).as("%s: %s", a, r.err()).isZero();
        return r;
    }

    /** Runs on one thread and on two, in their own directories; stdout, stderr (paths made alike) and every file the same bytes. */
    private static void sameBytes(Path tmp, String... args) throws Exception {
        Path one = Files.createDirectory(tmp.resolve("one"));
        Path two = Files.createDirectory(tmp.resolve("two"));
        CliRun a = run(one, 1, args);
        CliRun b = run(two, 2, args);
        assertThat(b.out()).isEqualTo(a.out());
        assertThat(b.err().replace(two.toString(), "DIR")).isEqualTo(a.err().replace(one.toString(), "DIR"));
        List<Path> files = files(one);
        assertThat(files(two).stream().map(two::relativize).toList()).isEqualTo(files.stream().map(one::relativize).toList());
        for (Path f : files) {
            // A .gtkw names its VCD by path: each directory's own.
            String mine = Files.readString(f, StandardCharsets.ISO_8859_1).replace(one.toString(), "DIR");
            String theirs = Files.readString(two.resolve(one.relativize(f)), StandardCharsets.ISO_8859_1).replace(two.toString(), "DIR");
            assertThat(theirs.equals(mine)).as("%s: the same bytes on two threads", one.relativize(f)).isTrue();
        }
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void compareWithSeedsAndBothBackingsGivesTheSameBytesOnOneThreadAndOnTwo(@TempDir Path tmp) throws Exception {
        sameBytes(Files.createDirectory(tmp.resolve("json")), "compare", "--vfs", "3", "--repeat", "2",
                "--backing", "hardware,firmware", "--json", "--report", "DIR/r.html");
        sameBytes(Files.createDirectory(tmp.resolve("text")), "compare", "--vfs", "3", "--repeat", "2",
                "--backing", "hardware,firmware");
    }

    @Test
    void compareWithWaveformsWritesEachRunsOwnFileAndSaysSoInRunOrder(@TempDir Path tmp) throws Exception {
        sameBytes(tmp, "compare", "--vfs", "2", "--schemes", "mmio,aq,indirect", "--notify", "vf-bar", "--backing", "hardware,firmware",
                "--vcd", "DIR/w.vcd", "--trace-filter", "tb.link.*");
        assertThat(files(tmp.resolve("two")).stream().map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".vcd")))
                .containsExactly("w-aq-firmware.vcd", "w-aq-hardware.vcd", "w-indirect-firmware.vcd", "w-indirect-hardware.vcd",
                        "w-mmio-firmware.vcd", "w-mmio-hardware.vcd");
    }

    @Test
    void sensitivityOnATinyGridGivesTheSameBytesOnOneThreadAndOnTwo(@TempDir Path tmp) throws Exception {
        sameBytes(tmp, "sensitivity", "--vfs", "2", "--parameters", "vm_exit_ns,backing,aq_commands_in_flight", "--steps", "3", "--json",
                "--report", "DIR/s.html");
    }

    @Test
    void claimsOnTheirCheapestPathGiveTheSameBytesOnOneThreadAndOnTwo(@TempDir Path tmp) throws Exception {
        sameBytes(tmp, "claims", "--vfs", "1", "--series", "1,2", "--no-sensitivity", "--json", "--report", "DIR/c.html");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "257", "99999999999", "two", ""})
    void aThreadCountOutOfRangeIsOneLineAndExit2(String n) {
        for (String command : List.of("compare", "sensitivity", "claims")) {
            CliRun r = CliRun.of(command, "--vfs", "1", "--threads", n);
            assertThat(r.exit()).as("%s --threads '%s': %s", command, n, r.err()).isEqualTo(2);
            assertThat(r.err().strip()).contains("--threads").doesNotContain("\n").doesNotContain("Exception", "\tat ");
            assertThat(r.out()).isEmpty();
        }
    }
}
