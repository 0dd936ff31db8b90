package org.virtiosim.waveforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtiosim.core.component.Probe;

/** Runs the strict checker ../shared/tools/vcd-check on a file; skips the test when it or python3 is missing. */
final class VcdCheck {
    private static final Path TOOL = Path.of(System.getProperty("vcd.check", "/work/shared/tools/vcd-check"));
    // "      5     1  wire      !      top.clk"
    private static final Pattern ROW = Pattern.compile("^\\s+(\\d+)\\s+(\\d+)\\s+wire\\s+(\\S+)\\s+(\\S+)\\s*$");

    private VcdCheck() {
    }

    record Result(String output, Map<String, Long> counts) {
    }

    /** Asserts the file passes and returns the per-signal change counts vcd-check printed. */
    static Result passes(Path vcd) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(TOOL), "vcd-check not found at " + TOOL);
        assumeTrue(onPath("python3"), "python3 not on PATH");
        Process p = new ProcessBuilder(TOOL.toString(), vcd.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("vcd-check finished").isTrue();
        assertThat(p.exitValue()).as("vcd-check exit code; output:%n%s", out).isZero();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                counts.put(m.group(4), Long.parseLong(m.group(1)));
            }
        }
        assertThat(counts).as("signal rows in%n%s", out).isNotEmpty();
        return new Result(out, counts);
    }

    /** The name vcd-check prints for a probe: full dotted path with the bit range of a vector. */
    static String displayName(Probe p) {
        return p.width() == 1 ? p.path() : p.path() + "[" + (p.width() - 1) + ":0]";
    }

    private static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }
}
