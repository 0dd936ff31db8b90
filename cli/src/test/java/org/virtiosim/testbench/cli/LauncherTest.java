package org.virtiosim.testbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./virtio-sim launcher, on a checkout of its own with stand-ins for mvn and java: launchers
 * started at once (a Slurm array's tasks) build the jar once, and a symlink runs the checkout it points to.
 */
class LauncherTest {
    /** What the launcher puts before the user's options when they name nothing: its collector and its inlining limit. */
    private static final String DEFAULT_OPTIONS = "-XX:+UseParallelGC -XX:FreqInlineSize=100";

    @TempDir
    Path tmp;
    Path checkout;
    Map<String, String> env;

    @BeforeEach
    void aCheckoutWithNoJarAndStandInsForMvnAndJava() throws Exception {
        Assumptions.assumeTrue(ShellRun.of(tmp, Map.of(), "sh", "-c", "command -v flock").exit() == 0,
                "no flock here: the launcher builds without a lock where flock is absent");
        checkout = Files.createDirectory(tmp.resolve("checkout"));
        Files.copy(Path.of("../virtio-sim"), checkout.resolve("virtio-sim"));
        executable(checkout.resolve("virtio-sim"));
        Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        // A build that takes a second and leaves the jar, as mvn package does; each build leaves a line.
        Files.writeString(bin.resolve("mvn"), "#!/bin/sh\necho build >> '" + tmp.resolve("builds") + "'\nsleep 1\n"
                + "mkdir -p cli/target && echo jar > cli/target/virtio-sim.jar\n");
        // A java that logs its arguments and, when WRITE_JSA is set, writes the class archive it is asked to record.
        Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"$*\" >> '" + tmp.resolve("runs") + "'\n"
                + "for a in \"$@\"; do case \"$a\" in -XX:ArchiveClassesAtExit=*) [ -n \"$WRITE_JSA\" ] && echo jsa > \"${a#*=}\";; esac; done\n");
        executable(bin.resolve("mvn"));
        executable(bin.resolve("java"));
        env = Map.of("PATH", bin + ":" + System.getenv("PATH"));
    }

    private static void executable(Path p) {
        assertThat(p.toFile().setExecutable(true)).isTrue();
    }

    /** Runs {@code ./virtio-sim arg} in the checkout with the given environment variables (name, value, ...) added; it must succeed. */
    private void launchWith(String arg, String... nameValue) throws Exception {
        Map<String, String> e = new java.util.HashMap<>(env);
        for (int i = 0; i < nameValue.length; i += 2) {
            e.put(nameValue[i], nameValue[i + 1]);
        }
        ShellRun r = ShellRun.of(checkout, e, "./virtio-sim", arg);
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private List<String> allLines(String name) throws Exception {
        Path p = tmp.resolve(name);
        return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
    }

    /** The file's lines; for "runs", java's runs apart from the short ones that record the class archive (trainings()). */
    private List<String> lines(String name) throws Exception {
        List<String> all = allLines(name);
        return name.equals("runs") ? all.stream().filter(l -> !l.contains(RECORD)).toList() : all;
    }

    /** The runs that recorded the class archive. */
    private List<String> trainings() throws Exception {
        return allLines("runs").stream().filter(l -> l.contains(RECORD)).toList();
    }

    private static final String RECORD = "-XX:ArchiveClassesAtExit=";

    @Test
    void aClassArchiveIsRecordedOnceAfterEachBuildAndEveryRunMapsIt() throws Exception {
        Path target = checkout.toRealPath().resolve("cli/target");
        String jar = target.resolve("virtio-sim.jar").toString();
        String jsa = target.resolve("virtio-sim.jsa").toString();
        launchWith("a", "WRITE_JSA", "1");
        launchWith("b", "WRITE_JSA", "1");
        assertThat(trainings()).containsExactly(DEFAULT_OPTIONS + " " + RECORD + jsa + ".tmp -Xlog:cds*=off -jar " + jar
                + " compare --vfs 64 --threads 1");
        String mapped = DEFAULT_OPTIONS + " -XX:SharedArchiveFile=" + jsa + " -Xlog:cds*=off";
        assertThat(lines("runs")).containsExactly(mapped + " -jar " + jar + " a", mapped + " -jar " + jar + " b");
        assertThat(Path.of(jsa + ".tmp")).doesNotExist();
        // A rebuilt jar is recorded again; the old archive is not mapped meanwhile.
        Files.writeString(Path.of(jar), "jar 2\n");
        assertThat(Path.of(jar).toFile().setLastModified(System.currentTimeMillis() + 5_000)).isTrue();
        launchWith("c");
        assertThat(trainings()).hasSize(2);
        assertThat(Path.of(jsa)).doesNotExist(); // this java wrote none this time
        assertThat(lines("runs")).last().isEqualTo(DEFAULT_OPTIONS + " -jar " + jar + " c");
    }

    @Test
    void aJavaThatWritesNoArchiveIsNotAskedAgainAtEveryLaunch() throws Exception {
        launchWith("a");
        launchWith("b");
        assertThat(trainings()).hasSize(1);
        assertThat(lines("runs")).hasSize(2).allSatisfy(run -> assertThat(run).doesNotContain("SharedArchiveFile"));
    }

    @Test
    void fourLaunchersStartedAtOnceBuildTheJarOnceAndAllRunIt() throws Exception {
        ShellRun r = ShellRun.of(checkout, env, "bash", "-c", "for i in 1 2 3 4; do ./virtio-sim --version & done; wait");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(lines("builds")).as("one build for four launchers").hasSize(1);
        assertThat(trainings()).as("one class archive recorded for four launchers").hasSize(1);
        assertThat(lines("runs")).hasSize(4).allSatisfy(run ->
                assertThat(run).isEqualTo(DEFAULT_OPTIONS + " -jar " + checkout.toRealPath().resolve("cli/target/virtio-sim.jar") + " --version"));
    }

    @Test
    void aFreshJarIsNotRebuiltAndAChangedSourceIsRebuiltOnce() throws Exception {
        assertThat(ShellRun.of(checkout, env, "./virtio-sim", "a").exit()).isZero();
        assertThat(ShellRun.of(checkout, env, "./virtio-sim", "b").exit()).isZero();
        assertThat(lines("builds")).hasSize(1);
        Path source = checkout.resolve("cli/src/main/java/A.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class A {}\n");
        assertThat(source.toFile().setLastModified(System.currentTimeMillis() + 5_000)).isTrue();
        assertThat(ShellRun.of(checkout, env, "./virtio-sim", "c").exit()).isZero();
        assertThat(lines("builds")).hasSize(2);
    }

    @Test
    void aSymlinkToTheLauncherRunsTheCheckoutItPointsTo() throws Exception {
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(elsewhere.resolve("virtio-sim"), Path.of("../checkout/virtio-sim"));
        ShellRun r = ShellRun.of(elsewhere, env, "./virtio-sim", "--version");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(lines("runs")).containsExactly(DEFAULT_OPTIONS + " -jar " + checkout.toRealPath().resolve("cli/target/virtio-sim.jar") + " --version");
        assertThat(elsewhere.resolve("cli")).doesNotExist();
    }

    @Test
    void theThroughputCollectorUnlessTheUserNamesOne() throws Exception {
        String jar = checkout.toRealPath().resolve("cli/target/virtio-sim.jar").toString();
        launchWith("a", "VIRTIO_SIM_JAVA_OPTS", "-Xss2m -XX:+UseSerialGC");
        launchWith("b", "VIRTIO_SIM_JAVA_OPTS", "-Xss2m", "VIRTIO_SIM_XMX", "3g");
        // one collector on the line either way: a JVM given two refuses to start
        assertThat(lines("runs")).containsExactly("-XX:FreqInlineSize=100 -Xss2m -XX:+UseSerialGC -jar " + jar + " a",
                DEFAULT_OPTIONS + " -Xmx3g -Xss2m -jar " + jar + " b");
    }

    @Test
    void theInliningLimitComesBeforeTheUsersOptionsSoTheirsWins() throws Exception {
        String jar = checkout.toRealPath().resolve("cli/target/virtio-sim.jar").toString();
        launchWith("c", "VIRTIO_SIM_JAVA_OPTS", "-XX:FreqInlineSize=325");
        // HotSpot takes the last of a flag given twice: the user's default-size inlining
        assertThat(lines("runs")).containsExactly(DEFAULT_OPTIONS + " -XX:FreqInlineSize=325 -jar " + jar + " c");
    }
}
