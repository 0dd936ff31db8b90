package org.virtiosim.testbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.device.profile.DeviceProfiles;
import org.virtiosim.testbench.compare.Parameters;

/** {@code virtio-sim completion}: the script, sourced in a real bash, completes option values from the registries. */
class CompletionCommandTest {
    @TempDir
    Path dir;

    /** COMPREPLY, one entry a line, after the completion function ran on {@code words} (the last is the one completed). */
    private List<String> complete(String shell, String... words) throws IOException, InterruptedException {
        Path bash = Path.of("/bin/" + shell);
        assumeTrue(Files.isExecutable(bash), "no /bin/" + shell + " on this machine: the script cannot be sourced in it");
        CliRun script = CliRun.of("completion", shell);
        assertThat(script.exit()).as(script.err()).isZero();
        Path file = dir.resolve("virtio-sim.completion");
        Files.writeString(file, script.out(), StandardCharsets.UTF_8);
        StringBuilder words0 = new StringBuilder();
        for (String w : words) {
            words0.append(" '").append(w).append('\'');
        }
        String call = "COMP_WORDS=(" + words0 + ")\nCOMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"\nCOMP_POINT=${#COMP_LINE}\n_complete_virtio-sim\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
        // bash: compopt only works while readline completes; outside it, a stand-in that does nothing. zsh: what
        // bashcompinit's _bash_complete sets up before it calls a bash completion function (sh emulation, 0-based arrays).
        String driver = shell.equals("zsh") ? "source '" + file + "'\nt() {\nemulate -L sh\nsetopt kshglob noshglob braceexpand\n" + call + "}\nt\n"
                : "source '" + file + "'\ncompopt() { :; }\n" + call;
        List<String> command = shell.equals("zsh") ? List.of(bash.toString(), "-f", "-c", driver)
                : List.of(bash.toString(), "--norc", "--noprofile", "-c", driver);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HOME", dir.toString()); // zsh's compinit writes its dump file there
        pb.directory(Files.createDirectories(dir.resolve("empty")).toFile()); // no files to offer beside the registry's names
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("bash stderr: %s", err).isZero();
        assertThat(err).as("bash stderr").isEmpty();
        return out.lines().filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void completesTheSchemesStartingWithM() throws Exception {
        List<String> m = Catalog.SCHEMES.ids().stream().filter(id -> id.startsWith("m")).toList();
        assertThat(m).as("the registry has schemes starting with m").isNotEmpty();
        assertThat(complete("bash", "virtio-sim", "compare", "--schemes", "m")).containsExactlyInAnyOrderElementsOf(m);
    }

    @Test
    void completesTheItemAfterTheLastCommaOfAList() throws Exception {
        String first = Catalog.SCHEMES.ids().get(0);
        List<String> expected = Catalog.SCHEMES.ids().stream().filter(id -> id.startsWith("i") && !id.equals(first))
                .map(id -> first + "," + id).toList();
        assertThat(expected).isNotEmpty();
        assertThat(complete("bash", "virtio-sim", "compare", "--schemes", first + ",i")).containsExactlyInAnyOrderElementsOf(expected);
        // An item already in the list is not offered again.
        assertThat(complete("bash", "virtio-sim", "compare", "--schemes", first + ",")).hasSize(Catalog.SCHEMES.ids().size() - 1)
                .doesNotContain(first + "," + first);
    }

    @Test
    void completesOtherRegistriesInOtherCommands() throws Exception {
        assertThat(complete("bash", "virtio-sim", "compare", "--notify", "")).containsExactlyElementsOf(Catalog.NOTIFY_ROUTES.ids());
        assertThat(complete("bash", "virtio-sim", "replay", "--device-profile", "")).containsExactlyElementsOf(DeviceProfiles.REGISTRY.ids());
        String param = Parameters.ALL.names().get(0);
        assertThat(complete("bash", "virtio-sim", "sweep", "--scenario", "")).containsExactlyElementsOf(
                org.virtiosim.testbench.compare.Scenarios.REGISTRY.ids());
        assertThat(complete("bash", "virtio-sim", "compare", "--set", param)).contains(param + "=")
                .allMatch(s -> s.startsWith(param) && s.endsWith("="));
        assertThat(complete("bash", "virtio-sim", "sensitivity", "--parameters", param)).contains(param).allMatch(s -> s.startsWith(param));
        assertThat(complete("bash", "virtio-sim", "compl")).containsExactly("completion");
        List<String> stalls = org.virtiosim.testbench.fault.Faults.KINDS.ids().stream().filter(k -> k.startsWith("st")).map(k -> k + "@").toList();
        assertThat(stalls).isNotEmpty();
        assertThat(complete("bash", "virtio-sim", "replay", "--fault", "st")).containsExactlyElementsOf(stalls);
    }

    @Test
    void aScenarioIsABuiltInOneOrAFile() throws Exception {
        Path study = Files.writeString(dir.resolve("study.yaml"), "vfs: 2\n");
        assertThat(complete("bash", "virtio-sim", "compare", "--scenario", dir + "/st")).containsExactly(study.toString());
        String builtIn = org.virtiosim.testbench.compare.Scenarios.REGISTRY.ids().get(0);
        assertThat(complete("bash", "virtio-sim", "sensitivity", "--scenario", builtIn)).contains(builtIn);
    }

    @Test
    void zshCompletesTheSameThroughBashcompinit() throws Exception {
        List<String> m = Catalog.SCHEMES.ids().stream().filter(id -> id.startsWith("m")).toList();
        assertThat(complete("zsh", "virtio-sim", "compare", "--schemes", "m")).containsExactlyInAnyOrderElementsOf(m);
        String first = Catalog.SCHEMES.ids().get(0);
        assertThat(complete("zsh", "virtio-sim", "compare", "--schemes", first + ",i")).isNotEmpty().allMatch(s -> s.startsWith(first + ",i"));
    }

    @Test
    void zshGetsTheSameScriptWithANoteOnBashcompinit() {
        CliRun bash = CliRun.of("completion", "bash");
        CliRun zsh = CliRun.of("completion", "zsh");
        assertThat(zsh.exit()).isZero();
        assertThat(zsh.out()).endsWith(bash.out()).contains("bashcompinit");
    }

    @Test
    void anotherShellIsOneLineAndExitTwo() {
        CliRun r = CliRun.of("completion", "fish");
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err().strip()).doesNotContain("\n").contains("fish").contains("bash, zsh");
        assertThat(r.out()).isEmpty();
    }
}
