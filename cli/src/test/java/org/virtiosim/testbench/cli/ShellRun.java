package org.virtiosim.testbench.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * One external command (a shell script under test) run in a directory: its exit code, stdout and
 * stderr. The environment is this JVM's less any Slurm or Kubernetes task variables, plus {@code env};
 * the test is skipped, with the reason, where the command cannot be started.
 */
record ShellRun(int exit, String out, String err) {
    static ShellRun of(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile());
        b.environment().keySet().removeIf(k -> k.startsWith("SLURM_") || k.equals("JOB_COMPLETION_INDEX"));
        b.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        b.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p;
        try {
            p = b.start();
        } catch (IOException missing) {
            Assumptions.abort(command[0] + " cannot be started here (" + missing.getMessage() + "); the script needs it");
            throw missing;
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + ": still running after 120 s");
        }
        ShellRun r = new ShellRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
