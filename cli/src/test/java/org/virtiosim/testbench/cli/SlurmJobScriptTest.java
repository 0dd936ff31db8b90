package org.virtiosim.testbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Slurm array job is tools/slurm/sweep-array.sbatch byte for byte (tools/slurm-e2e.sh
 * submits it to a real Slurm), and as one array task it runs its own shard on its own CPUs.
 */
class SlurmJobScriptTest {
    static final Path JOB = Path.of("../tools/slurm/sweep-array.sbatch");
    static final String BEGIN = "<!-- slurm-job:begin -->\n```bash\n";
    static final String END = "```\n<!-- slurm-job:end -->";

    @Test
    void readmeHoldsTheJobScriptByteForByte() throws Exception {
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END, begin + 1);
        assertThat(begin).as("README.md has the marker %s", BEGIN.strip()).isNotNegative();
        assertThat(end).as("README.md closes the job script with %s", END.strip()).isGreaterThan(begin);
        assertThat(readme.substring(begin + BEGIN.length(), end))
                .as("README.md's Slurm job differs from tools/slurm/sweep-array.sbatch: paste the file between the markers")
                .isEqualTo(Files.readString(JOB, StandardCharsets.UTF_8));
    }

    @Test
    void anArrayTaskRunsItsShardOfTheArrayOnItsCpusIntoItsOwnDirectory(@TempDir Path dir) throws Exception {
        ShellRun r = task(dir, true, Map.of("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_COUNT", "8", "SLURM_CPUS_PER_TASK", "2"));
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> args = Arrays.asList(Files.readString(dir.resolve("args"), StandardCharsets.UTF_8).split("\0"));
        assertThat(args.get(0)).isEqualTo("sweep");
        assertThat(valueOf(args, "--shard")).isEqualTo("auto/8");
        assertThat(valueOf(args, "--threads")).isEqualTo("2");
        assertThat(valueOf(args, "--out")).isEqualTo("results/shard-3");
        // The merge line in the script's last comment joins exactly the directories the tasks write.
        String merge = Files.readAllLines(JOB).stream().filter(l -> l.startsWith("# afterwards: ")).findFirst().orElseThrow();
        assertThat(merge).contains("merge results/shard-* ");
    }

    @Test
    void outsideAnArrayOrOutsideTheCheckoutTheScriptStopsWithOneLine(@TempDir Path dir) throws Exception {
        ShellRun noArray = task(dir, true, Map.of("SLURM_CPUS_PER_TASK", "2"));
        assertThat(noArray.exit()).isNotZero();
        assertThat(noArray.err()).contains("not an array task");
        assertThat(dir.resolve("args")).doesNotExist();
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        ShellRun noLauncher = task(elsewhere, false, Map.of("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "8"));
        assertThat(noLauncher.exit()).isEqualTo(2);
        assertThat(noLauncher.err().strip()).startsWith("no ./virtio-sim in ").doesNotContain("\n");
    }

    private static String valueOf(List<String> args, String option) {
        int i = args.indexOf(option);
        assertThat(i).as("%s in %s", option, args).isNotNegative();
        return args.get(i + 1);
    }

    /** The job script run by bash in {@code dir} (as Slurm starts it there), with a stub ./virtio-sim that records its arguments. */
    private static ShellRun task(Path dir, boolean stub, Map<String, String> env) throws Exception {
        if (stub) {
            Path launcher = dir.resolve("virtio-sim");
            Files.writeString(launcher, "#!/bin/sh\nprintf '%s\\0' \"$@\" > args\n");
            assertThat(launcher.toFile().setExecutable(true)).isTrue();
        }
        return ShellRun.of(dir, env, "bash", JOB.toAbsolutePath().toString());
    }
}
