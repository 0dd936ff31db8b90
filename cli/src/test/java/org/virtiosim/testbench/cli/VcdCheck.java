package org.virtiosim.testbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the strict checker of ../shared (tools/vcd-check) on a VCD's numeric signals, where it is
 * installed. It refuses the {@code $var string} extension by design (VCD-NOTES: "string-type"),
 * so the text signals are taken out first; their own round trip is tested through GTKWave's tools.
 */
final class VcdCheck {
    private VcdCheck() {
    }

    static void numericSignals(Path vcd, Path scratchDir) throws IOException, InterruptedException {
        Path check = null;
        for (String c : new String[] {"/work/shared/tools/vcd-check", "../../shared/tools/vcd-check", "../shared/tools/vcd-check"}) {
            Path p = Path.of(c).toAbsolutePath().normalize();
            if (Files.isExecutable(p)) {
                check = p;
                break;
            }
        }
        if (check == null) {
            return;
        }
        Path numeric = scratchDir.resolve("numeric-" + vcd.getFileName());
        Files.write(numeric, Files.readAllLines(vcd).stream().filter(l -> !l.startsWith("s") && !l.contains("$var string ")).toList());
        Process p = new ProcessBuilder(check.toString(), "--summary", numeric.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
