package org.virtiosim.testbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The outputs saved from the jar built at fa28617, before the scheme plug-in redesign (issue 10):
 * the redesign must not change one byte of them. Regenerate only when a change is meant to alter
 * results, and say so in the commit.
 */
class GoldenOutputTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as("exit of %s; stderr: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    private static String golden(String name) throws IOException {
        return Files.readString(GOLDEN.resolve(name), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "compare.json|compare --json",
        "compare.txt|compare",
        "compare-reset-storm-64.json|compare --scenario reset-storm --vfs 64 --json",
        "compare-mac-bytewise.json|compare --scenario mac-bytewise --json",
        "compare-mixed-32.json|compare --scenario mixed-at-scale --vfs 32 --json",
        "compare-firmware-fault.json|compare --set mmio_backing=firmware --set indirect_backing=firmware --set aq_mode=poll-serial"
            + " --set aq_queues=2 --fault stall-firmware@1:50 --vfs 16 --json",
        "replay-mmio.json|replay --trace src/test/resources/golden/replay-trace.csv --scheme mmio --vfs 4 --json",
        "replay-indirect.json|replay --trace src/test/resources/golden/replay-trace.csv --scheme indirect --vfs 4 --json",
        "replay-aq.json|replay --trace src/test/resources/golden/replay-trace.csv --scheme aq --vfs 4 --json"})
    void sameBytesAsBeforeTheRedesign(String file, String command) throws IOException {
        assertThat(run(command.split(" "))).isEqualTo(golden(file));
    }

    @Test
    void sweepWritesTheSameRows(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("sw");
        StringWriter o = new StringWriter();
        int exit = Main.run(new String[] {"sweep", "--vary", "vfs=1,4", "--vary", "aq_mode=poll-serial,irq-parallel", "--out", out.toString()},
                new PrintWriter(o, true), new PrintWriter(new StringWriter(), true));
        assertThat(exit).isZero();
        assertThat(Files.readString(out.resolve("results.json"))).isEqualTo(golden("sweep-results.json"));
        assertThat(Files.readString(out.resolve("results.csv"))).isEqualTo(golden("sweep-results.csv"));
    }
}
