package org.virtiosim.testbench.trace.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceReader;
import org.virtiosim.testbench.trace.TraceRow;

class QemuTraceImportTest {
    static String fixture(String name) {
        try (InputStream in = QemuTraceImportTest.class.getResourceAsStream("/qemu/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static QemuTraceImport.Result imported(String log, String device) throws QemuLogException {
        return QemuTraceImport.read("t.log", log.getBytes(StandardCharsets.ISO_8859_1), device);
    }

    static Trace trace(QemuTraceImport.Result r) throws Exception {
        return new TraceReader(TraceReader.VIRTIO_NET_MSIX_CONFIG_END).read("t.csv", r.csv().getBytes(StandardCharsets.UTF_8));
    }

    /** The log's virtio-pci lines, as (R|W, port, value, size). */
    private static List<String[]> logAccesses(String log) {
        return log.lines().filter(l -> l.contains("name 'virtio-pci'")).map(l -> {
            String[] f = l.split(" ");
            return new String[] {f[0].endsWith("write") ? "W" : "R", f[6], f[8], f[10]};
        }).toList();
    }

    @Test
    void everyLegacyAccessOfTheMsixCaptureBecomesARowOffsetFromBar0WithTheValueQemuReturned() throws Exception {
        String log = fixture("qemu-msix.log");
        QemuTraceImport.Result r = imported(log, null);
        Trace t = trace(r);
        List<String[]> expected = logAccesses(log);
        List<TraceRow> access = t.rows().stream().filter(x -> x.op() != TraceRow.Op.MSIX).toList();
        assertThat(access).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            TraceRow row = access.get(i);
            assertThat(row.op().name()).isEqualTo(expected.get(i)[0]);
            assertThat(row.offset()).isEqualTo(Long.decode(expected.get(i)[1]) - 0xc040);
            assertThat(row.value()).isEqualTo(Long.decode(expected.get(i)[2]));
            assertThat(row.size()).isEqualTo(Integer.parseInt(expected.get(i)[3]));
            assertThat(row.hasExpected()).isEqualTo(row.op() == TraceRow.Op.R);
        }
        assertThat(r.reads()).isEqualTo(24).isEqualTo(t.count(TraceRow.Op.R));
        assertThat(r.bdf()).isEqualTo("00:02.0");
        assertThat(r.device()).isEqualTo("virtio-net-pci");
        assertThat(r.csv()).contains("# QEMU emulator version 7.2.22", "# kernel: 6.1.0-57-amd64", "# imported by virtio-sim import qemu-trace from t.log");
    }

    @Test
    void msixIsEnabledAfterTheMacReadsAtOffset0x14AndBeforeTheVectorsAre() throws Exception {
        Trace t = trace(imported(fixture("qemu-msix.log"), null));
        int msix = -1;
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).op() == TraceRow.Op.MSIX) {
                assertThat(msix).as("one MSI-X change").isEqualTo(-1);
                msix = i;
            }
        }
        assertThat(t.get(msix).value()).isEqualTo(1);
        // Before: mac[5] read at 0x19 (device config at 0x14); after: the config vector written at 0x14.
        assertThat(t.get(msix - 1).offset()).isEqualTo(0x19);
        assertThat(t.get(msix + 1).offset()).isEqualTo(0x14);
        assertThat(t.get(msix + 1).op()).isEqualTo(TraceRow.Op.W);
    }

    @Test
    void theGuestsMarkersBecomePhasesInOrder() throws Exception {
        for (String f : List.of("qemu-msix.log", "qemu-nomsix.log")) {
            QemuTraceImport.Result r = imported(fixture(f), null);
            Trace t = trace(r);
            assertThat(t.phaseNames()).containsExactly("probe", "open", "transmit", "close", "end");
            assertThat(r.markers()).isEqualTo(5);
            // The probe starts with the reset (status 0 written), transmit with a queue notify.
            assertThat(t.get(t.phases().get(0).firstRow()).offset()).isEqualTo(0x12);
            assertThat(t.get(t.phases().get(2).firstRow()).offset()).isEqualTo(0x10);
        }
    }

    @Test
    void withMsixOffThereIsNoMsixRowAndTheIsrReadsAreRows() throws Exception {
        Trace t = trace(imported(fixture("qemu-nomsix.log"), null));
        assertThat(t.count(TraceRow.Op.MSIX)).isZero();
        assertThat(t.rows().stream().filter(x -> x.op() == TraceRow.Op.R && x.offset() == 0x13)).hasSize(10);
    }

    /** The MSI-X fixture with a second virtio-net function at 00:03.0, BAR0 at port 0xc080, interleaved. */
    static String twoDevices() {
        StringBuilder b = new StringBuilder();
        for (String l : fixture("qemu-msix.log").split("\n", -1)) {
            b.append(l).append('\n');
            if (l.contains("00:02.0 @0x10 <- 0xc041")) {
                b.append("pci_cfg_write virtio-net-pci 00:03.0 @0x10 <- 0xffffffff\n");
                b.append("pci_cfg_write virtio-net-pci 00:03.0 @0x10 <- 0xc081\n");
            }
            if (l.contains("addr 0xc040 value 0x79bf8064")) {
                b.append("memory_region_ops_write cpu 0 mr 0x5600000000aa addr 0xc092 value 0x0 size 1 name 'virtio-pci'\n");
                b.append("memory_region_ops_read cpu 0 mr 0x5600000000aa addr 0xc080 value 0x79bf8064 size 4 name 'virtio-pci'\n");
                b.append("pci_cfg_write virtio-net-pci 00:03.0 @0x42 <- 0x8002\n");
                b.append("memory_region_ops_read cpu 0 mr 0x5600000000aa addr 0xc098 value 0x52 size 1 name 'virtio-pci'\n");
            }
        }
        return b.toString();
    }

    @Test
    void twoVirtioFunctionsWithoutDeviceIsOneErrorListingBoth() {
        assertThatThrownBy(() -> imported(twoDevices(), null)).isInstanceOf(QemuLogException.class)
                .hasMessage("t.log: 2 virtio functions have legacy accesses: 00:02.0 (virtio-net-pci, 67 accesses), "
                        + "00:03.0 (virtio-net-pci, 3 accesses); choose one with --device");
    }

    @Test
    void deviceChoosesOneFunctionItsOffsetsFromItsOwnBar0AndItsOwnMsixState() throws Exception {
        QemuTraceImport.Result second = imported(twoDevices(), "00:03.0");
        Trace t = trace(second);
        assertThat(t.rows()).extracting(TraceRow::op, TraceRow::offset, TraceRow::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple(TraceRow.Op.W, 0x12, 0L),
                org.assertj.core.groups.Tuple.tuple(TraceRow.Op.R, 0x00, 0x79bf8064L),
                org.assertj.core.groups.Tuple.tuple(TraceRow.Op.MSIX, TraceRow.NONE, 1L),
                org.assertj.core.groups.Tuple.tuple(TraceRow.Op.R, 0x18, 0x52L));
        QemuTraceImport.Result first = imported(twoDevices(), "00:02.0");
        assertThat(trace(first).rows()).extracting(TraceRow::op, TraceRow::offset, TraceRow::size, TraceRow::value)
                .isEqualTo(trace(imported(fixture("qemu-msix.log"), null)).rows().stream()
                        .map(x -> org.assertj.core.groups.Tuple.tuple(x.op(), x.offset(), x.size(), x.value())).toList());
        assertThatThrownBy(() -> imported(twoDevices(), "00:09.0")).hasMessageStartingWith("t.log: --device 00:09.0: no virtio function at 00:09.0; it has 00:02.0");
    }

    @Test
    void aLogCutMidLineIsOneErrorNamingTheLineAndACutAtALineEndKeepsTheRowsBeforeIt() throws Exception {
        String log = fixture("qemu-msix.log");
        int cut = log.indexOf("addr 0xc044 value 0x38af8064");
        String head = log.substring(0, cut);
        int line = (int) head.chars().filter(c -> c == '\n').count() + 1;
        assertThatThrownBy(() -> imported(head, null)).isInstanceOf(QemuLogException.class)
                .hasMessage("t.log:" + line + ": the log ends inside this memory_region_ops_write line (cut short? the capture may not have finished)");
        String whole = head.substring(0, head.lastIndexOf('\n') + 1);
        Trace t = trace(imported(whole, null));
        assertThat(t.rows()).hasSize(7);
        assertThat(t.get(t.size() - 1).offset()).isZero();
        assertThat(t.get(t.size() - 1).value()).isEqualTo(0x79bf8064L);
    }

    @Test
    void aLogWithNoVirtioAccessIsOneErrorSayingWhatToTrace() {
        String none = "QEMU emulator version 7.2.22\nmemory_region_ops_write cpu 0 mr 0x1 addr 0x70 value 0x8f size 1 name 'rtc-index'\n"
                + "pci_cfg_write mch 00:00.0 @0x60 <- 0x0\n";
        assertThatThrownBy(() -> imported(none, null)).hasMessage("t.log: no accesses to a legacy virtio I/O BAR (region 'virtio-pci');"
                + " trace memory_region_ops_read and memory_region_ops_write");
        String modern = none + "memory_region_ops_read cpu 0 mr 0x2 addr 0x0 value 0x1 size 4 name 'virtio-pci-common-virtio-net'\n";
        assertThatThrownBy(() -> imported(modern, null)).hasMessageContaining("only to modern regions (virtio-pci-common-virtio-net)",
                "disable-modern=on");
    }

    @Test
    void malformedEventsAreOneLineErrorsWithTheirLineNumber() {
        assertThatThrownBy(() -> imported("# a\nmemory_region_ops_read cpu 0 mr 0x1 addr 0xc052 value zz size 1 name 'virtio-pci'\n", null))
                .hasMessage("t.log:2: memory_region_ops_read without 'cpu N mr P addr 0xA value 0xV size S name 'R''");
        assertThatThrownBy(() -> imported("pci_cfg_write virtio-net-pci 00:02.0 @0x42\n", null))
                .hasMessage("t.log:1: pci_cfg_write without 'DEVICE BB:DD.F @0xOFFSET <- 0xVALUE'");
        assertThatThrownBy(() -> imported("memory_region_ops_read cpu 0 mr 0x1 addr 0xc052 value 0x0 size 1 name 'virtio-pci'\n", null))
                .hasMessageStartingWith("t.log:1: an access to 'virtio-pci' at port 0xc052 that no virtio function's BAR0 covers");
        assertThatThrownBy(() -> imported("pci\0\n", null)).hasMessageStartingWith("t.log:1: a NUL byte: not a text log");
    }

    @Test
    void otherEventsAndTimestampPrefixesAreRead() throws Exception {
        String log = "123@1700000000.000001:pci_cfg_write virtio-net-pci 00:02.0 @0x10 <- 0xc041\n"
                + "123@1700000000.000002:memory_region_ops_read cpu 0 mr 0x1 addr 0xc040 value 0x1 size 4 name 'virtio-pci'\n"
                + "kvm_run_exit cpu_index 0, reason 2\n";
        Trace t = trace(imported(log, null));
        assertThat(t.rows()).singleElement().satisfies(r -> {
            assertThat(r.offset()).isZero();
            assertThat(r.value()).isEqualTo(1);
        });
    }
}
