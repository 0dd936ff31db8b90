package org.virtiosim.testbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import qemu-trace} on the committed captures, and replay of what it wrote. */
class ImportCommandTest {
    /** The captures tools/capture-qemu-guest.sh made (testbenches' test resources, README there). */
    static final Path CAPTURES = Path.of("..", "testbenches", "src", "test", "resources", "qemu");

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void importWritesTheTraceAndSaysWhatItHolds(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("msix.csv");
        Run r = run("import", "qemu-trace", CAPTURES.resolve("qemu-msix.log").toString(), "--out", csv.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("import: 00:02.0 virtio-net-pci: 68 rows (24 reads: 24 checked, 0 of ISR unchecked; 1 MSIX), 5 markers, into " + csv
                + System.lineSeparator());
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        assertThat(text).startsWith("# imported by virtio-sim import qemu-trace from qemu-msix.log\n# QEMU emulator version 7.2.22")
                .contains("\nop,offset,size,value,log_line\n# marker: probe\nW,0x12,1,0x0,");
        Run stdout = run("import", "qemu-trace", CAPTURES.resolve("qemu-msix.log").toString());
        assertThat(stdout.out()).isEqualTo(text);
    }

    @Test
    void aBadLogIsOneLineNamingItsLineExit2AndNoFileLeft(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("cut.log");
        Files.writeString(log, "pci_cfg_write virtio-net-pci 00:02.0 @0x10 <- 0xc041\nmemory_region_ops_read cpu 0 mr 0x1 addr 0xc04");
        Path csv = dir.resolve("t.csv");
        Run r = run("import", "qemu-trace", log.toString(), "--out", csv.toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).isEqualTo("virtio-sim import qemu-trace: error: cut.log:2: the log ends inside this memory_region_ops_read"
                + " line (cut short? the capture may not have finished)" + System.lineSeparator());
        assertThat(csv).doesNotExist();
        Run none = run("import", "qemu-trace", dir.resolve("absent.log").toString());
        assertThat(none.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("import").exit()).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void replayOfAnImportReportsEachPhaseAndNamesTheRegisterOfEachMismatch(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("nomsix.csv");
        assertThat(run("import", "qemu-trace", CAPTURES.resolve("qemu-nomsix.log").toString(), "--out", csv.toString()).exit()).isZero();
        Run text = run("replay", "--trace", csv.toString(), "--scheme", "mmio", "--vfs", "1");
        assertThat(text.out()).contains("per trace phase (the guest's markers)").containsPattern("\nprobe +[0-9.]+ +[0-9.]+ \\(");
        // Without QEMU's identity (issue 15) the host features differ; named with the line, the register and both values.
        assertThat(text.err()).containsPattern("mismatch: nomsix\\.csv:\\d+: VF 1 read 0x00 \\(host features, 4 bytes\\) returned 0x[0-9a-f]+,"
                + " expected 0x79bf8064");
        Run json = run("replay", "--trace", csv.toString(), "--scheme", "aq", "--vfs", "1", "--json");
        JsonNode phases = new ObjectMapper().readTree(json.out()).get("phases");
        assertThat(phases.fieldNames()).toIterable().containsExactly("probe", "open", "transmit", "close", "end");
        assertThat(phases.get("probe").get("accesses").asLong()).isPositive();
        assertThat(phases.get("probe").get("mean_ns").asDouble()).isPositive();
        Path report = dir.resolve("r.html");
        run("replay", "--trace", csv.toString(), "--scheme", "indirect", "--vfs", "1", "--report", report.toString());
        assertThat(Files.readString(report)).contains("Per trace phase (the guest's markers)", "<td>transmit</td>");
    }
}
