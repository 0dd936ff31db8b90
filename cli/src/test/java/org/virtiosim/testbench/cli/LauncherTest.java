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
        Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"$*\" >> '" + tmp.resolve("runs") + "'\n");
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

    private List<String> lines(String name) throws Exception {
        Path p = tmp.resolve(name);
        return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
    }

    @Test
    void fourLaunchersStartedAtOnceBuildTheJarOnceAndAllRunIt() throws Exception {
        ShellRun r = ShellRun.of(checkout, env, "bash", "-c", "for i in 1 2 3 4; do ./virtio-sim --version & done; wait");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(lines("builds")).as("one build for four launchers").hasSize(1);
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
