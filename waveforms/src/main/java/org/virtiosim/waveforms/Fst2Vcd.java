package org.virtiosim.waveforms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * GTKWave's {@code fst2vcd} (Debian's gtkwave package), when installed: turns an FST back into a
 * VCD, which {@link VcdReader#loose} reads, so that what GTKWave's own reader makes of our FST
 * can be compared with our VCD of the same run. For tests and tools.
 */
public final class Fst2Vcd {
    private Fst2Vcd() {
    }

    /** The fst2vcd on the PATH, if any. */
    public static Optional<Path> tool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "fst2vcd");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Why a check is skipped where the tool is absent. */
    public static final String ABSENT = "fst2vcd not on PATH (apt-get install gtkwave): the FST cannot be checked against GTKWave's reader";

    /** Converts {@code fst} to {@code vcd}; an exit code other than 0, or a message on its output, is an IOException. */
    public static Path convert(Path fst, Path vcd) throws IOException, InterruptedException {
        Path tool = tool().orElseThrow(() -> new IOException(ABSENT));
        Process p = new ProcessBuilder(tool.toString(), "-f", fst.toString(), "-o", vcd.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("fst2vcd " + fst + ": did not finish in 600 s");
        }
        if (p.exitValue() != 0 || !out.isBlank()) {
            throw new IOException("fst2vcd " + fst + ": exit " + p.exitValue() + ": " + out.strip());
        }
        return vcd;
    }
}
