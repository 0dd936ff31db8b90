package org.virtiosim.testbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OutputPlan, Output and OutputPath on their own: what is checked when, and what is on disk after. */
class OutputPlanTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void nothingIsInPlaceBeforeTheCommitAndNothingTemporaryAfter() throws IOException {
        StringWriter said = new StringWriter();
        try (OutputPlan plan = new OutputPlan()) {
            Output a = plan.output("--report", dir.resolve("a.html"), "html");
            OutputPlan.write(a, "<html></html>\n");
            a.announce(new PrintWriter(said, true), "report: a.html");
            assertThat(dir.resolve("a.html")).doesNotExist();
            assertThat(names()).hasSize(1).allMatch(n -> n.startsWith(".a.html."));
            assertThat(said.toString()).as("said only once the file is there").isEmpty();
            plan.commit();
        }
        assertThat(names()).containsExactly("a.html");
        assertThat(dir.resolve("a.html")).hasContent("<html></html>");
        assertThat(said.toString()).isEqualTo("report: a.html\n");
    }

    @Test
    void closingWithoutACommitRemovesTheTemporaryFilesAndTheDirectoriesMadeAndKeepsWhatWasThere() throws IOException {
        Files.writeString(dir.resolve("old.xml"), "old");
        try (OutputPlan plan = new OutputPlan()) {
            OutputPlan.write(plan.output("--junit", dir.resolve("old.xml"), null), "new");
            OutputPlan.write(plan.inDirectory("--out", dir.resolve("m/n"), "results.json"), "{}");
            assertThat(dir.resolve("m/n")).isDirectory();
        }
        assertThat(names()).containsExactly("old.xml");
        assertThat(dir.resolve("old.xml")).hasContent("old");
    }

    @Test
    void anInputAndAnOutputAreOneFileWhateverTheOrderOfDeclaring() throws IOException {
        Path t = Files.writeString(dir.resolve("t.csv"), "R,0x00,4,0\n");
        Files.createDirectory(dir.resolve("x"));
        try (OutputPlan plan = new OutputPlan()) {
            plan.input("--trace t.csv", t);
            assertThatThrownBy(() -> plan.output("--vcd", dir.resolve("x/../t.csv"), null)).isInstanceOf(UsageException.class)
                    .hasMessageContaining("--trace t.csv").hasMessageContaining("an output never replaces an input");
        }
        try (OutputPlan plan = new OutputPlan()) {
            plan.output("--junit", t, null);
            assertThatThrownBy(() -> plan.input("--trace t.csv", t)).isInstanceOf(UsageException.class).hasMessageContaining("--junit");
        }
        assertThat(t).hasContent("R,0x00,4,0");
        assertThat(names()).containsExactly("t.csv", "x");
    }

    @Test
    void aSidecarDeclaredTwiceIsOneOutputButAnotherOutputOfItsNameIsRefused() {
        try (OutputPlan plan = new OutputPlan()) {
            Path types = dir.resolve("tlp_types.txt");
            Output one = plan.sidecar("--vcd", dir.resolve("a.vcd"), types, "# virtio-sim");
            assertThat(plan.sidecar("--vcd", dir.resolve("b.vcd"), types, "# virtio-sim")).isSameAs(one);
            assertThatThrownBy(() -> plan.output("--junit", types, null)).isInstanceOf(UsageException.class)
                    .hasMessage("--junit " + types + ": is also the output --vcd " + dir.resolve("a.vcd")
                            + " (its tlp_types.txt) of this run; give each output its own file");
        }
    }

    @Test
    void aFailedCommitRemovesTheOutputsItHadMoved() throws IOException {
        try (OutputPlan plan = new OutputPlan()) {
            OutputPlan.write(plan.output("--report", dir.resolve("a.html"), "html"), "a");
            Output b = plan.output("--junit", dir.resolve("b.xml"), null);
            OutputPlan.write(b, "b");
            // A directory put in its place between the write and the commit: the rename cannot succeed.
            Files.createDirectory(dir.resolve("b.xml"));
            Files.writeString(dir.resolve("b.xml/in-the-way"), "x");
            assertThatThrownBy(plan::commit).isInstanceOf(UsageException.class).hasMessageStartingWith("--junit " + dir.resolve("b.xml") + ": ");
        }
        assertThat(names()).containsExactly("b.xml", "b.xml/in-the-way");
    }

    @Test
    void theChecksNameTheProblemInOneLine() throws IOException {
        Files.createDirectory(dir.resolve("d"));
        try (OutputPlan plan = new OutputPlan()) {
            assertThatThrownBy(() -> plan.output("--report", dir.resolve("r.txt"), "html")).hasMessageEndingWith("name it FILE.html");
            assertThatThrownBy(() -> plan.output("--junit", dir.resolve("d"), null)).hasMessageEndingWith(": is a directory");
            assertThatThrownBy(() -> plan.output("--junit", dir.resolve(".j.xml"), null)).hasMessageContaining("hidden file");
            assertThatThrownBy(() -> plan.output("--junit", dir.resolve("nope/j.xml"), null)).hasMessageEndingWith(": no such directory");
            Files.writeString(dir.resolve("f"), "x");
            assertThatThrownBy(() -> plan.inDirectory("--out", dir.resolve("f"), "results.json")).hasMessageEndingWith("is a file, not a directory");
            assertThatThrownBy(() -> plan.inDirectory("--out", dir.resolve("f/g"), "results.json")).hasMessageContaining("cannot be created");
        }
    }

    @Test
    void aReasonHasNoPathNoJavaNameAndOneLine() {
        assertThat(OutputPath.reason(new IOException("No space left on device"))).isEqualTo("no space left on device");
        assertThat(OutputPath.reason(new java.io.UncheckedIOException("VCD writer failed: x", new IOException("No space left on device"))))
                .isEqualTo("no space left on device");
        assertThat(OutputPath.reason(new javax.imageio.IIOException("I/O error writing PNG file!", new IOException("Disk quota exceeded"))))
                .isEqualTo("disk quota exceeded");
        assertThat(OutputPath.reason(new NoSuchFileException("/x/.a.tmp"))).isEqualTo("no such directory");
        assertThat(OutputPath.reason(new AccessDeniedException("/x/.a.tmp"))).isEqualTo("permission denied");
        assertThat(OutputPath.reason(new FileSystemException("/x/.a.tmp", null, "Read-only file system"))).isEqualTo("read-only file system");
        assertThat(OutputPath.reason(new java.io.FileNotFoundException("/x/.a.tmp (Permission denied)"))).isEqualTo("permission denied");
        assertThat(OutputPath.reason(new IOException("a\nb".repeat(200)))).doesNotContain("\n").hasSizeLessThan(170);
        assertThat(OutputPath.reason(new IOException())).isEqualTo("input/output error");
    }
}
