package org.virtiosim.testbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {
    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsTheSubcommands() {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("compare", "bench");
        Run b = run("bench", "--help");
        assertThat(b.out()).contains("phold", "clocked");
    }

    @Test
    void listShowsScenariosSchemesPathsAndParameters() {
        Run r = run("list");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("linux-net-probe", "reset-storm", "mac-bytewise", "steady-notify", "mixed-at-scale",
                "completion_timeout_us", "aq_queues");
        for (var s : org.virtiosim.device.catalog.Catalog.SCHEMES.all()) {
            assertThat(r.out()).contains("  " + s.id() + " ", s.description());
        }
        for (var n : org.virtiosim.device.catalog.Catalog.NOTIFY_ROUTES.all()) {
            assertThat(r.out()).contains("  " + n.id() + " ", n.description());
        }
    }

    @Test
    void listJsonShowsEverySchemeAndRouteFromTheCatalogWithItsKnobs() throws Exception {
        Run r = run("list", "--json");
        assertThat(r.exit()).isZero();
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        var schemes = org.virtiosim.device.catalog.Catalog.SCHEMES.all();
        assertThat(root.get("schemes")).hasSize(schemes.size());
        for (int i = 0; i < schemes.size(); i++) {
            var n = root.get("schemes").get(i);
            assertThat(n.get("id").asText()).isEqualTo(schemes.get(i).id());
            assertThat(n.get("knobs")).hasSize(schemes.get(i).knobs().size());
            for (int k = 0; k < schemes.get(i).knobs().size(); k++) {
                var knob = schemes.get(i).knobs().get(k);
                assertThat(n.get("knobs").get(k).get("name").asText()).isEqualTo(knob.name());
                assertThat(n.get("knobs").get(k).get("source").asText()).isEqualTo(knob.source());
            }
            // A device cost at 1 VF and at the most.
            assertThat(n.get("device_cost").get(0).get("vfs").asInt()).isEqualTo(1);
        }
        var routes = org.virtiosim.device.catalog.Catalog.NOTIFY_ROUTES.ids();
        assertThat(root.get("notify_paths")).hasSize(routes.size());
        assertThat(root.get("notify_paths").get(0).get("id").asText()).isEqualTo(routes.get(0));
        assertThat(root.get("parameters")).hasSize(org.virtiosim.testbench.compare.Parameters.ALL.all().size());
    }

    @Test
    void versionNamesTheTool() {
        Run r = run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("virtio-sim ");
    }

    @Test
    void pholdQuickSizePrintsTheSpecLine() {
        Run r = run("bench", "phold", "--t", "200");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).matches("virtio-sim phold events=95607 seconds=\\d+\\.\\d{3} rate=\\d+ checksum=10071213310004\\R");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void clockedQuickSizeWithWarmupNamesTheWarmup() {
        Run r = run("bench", "clocked", "--c", "20", "--warmup", "2");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).matches("virtio-sim-warm2 clocked events=81920 seconds=\\S+ rate=\\d+ checksum=10977651319929683968\\R");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "bench phold --n 0", "bench phold --m -1", "bench phold --t 0", "bench phold --n 99999999",
        "bench phold --n 1048576 --m 1024", "bench phold --warmup -1", "bench phold --n x",
        "bench clocked --n 0", "bench clocked --c 0", "bench clocked --c", "bench clocked --bogus 1",
        "bench pcie-bw --gen 9", "bench pcie-bw --gen 0", "bench pcie-bw --lanes 3", "bench pcie-bw --mps 100",
        "bench pcie-bw --mrrs 8192", "bench pcie-bw --sizes 0", "bench pcie-bw --sizes 64,-1", "bench pcie-bw --sizes x",
        "bench pcie-bw --direction up", "bench pcie-bw --dllp maybe", "bench pcie-lat --bogus",
        "bench dma-lat --sizes 100", "bench dma-lat --sizes 64,0", "bench dma-lat --sizes x", "bench dma-lat --sizes -64",
        "compare --schemes mmio,pio", "compare --notify vf-bar,smoke", "compare --vfs 0", "compare --vfs 70000",
        "compare --scenario no-such-scenario", "compare --set nope=1", "compare --set link=gen9x8", "compare --set vm_exit_ns=-1",
        "replay --scheme mmio", "replay --trace /no/such/file.csv --scheme mmio", "replay --trace pom.xml --scheme pio",
        "compare --vcd /no/such/dir/w.vcd", "compare --trace-window 3..1", "compare --trace-window abc", "compare --vcd-max-mb 0",
        "compare --report /no/such/dir/r.html", "compare --report report.txt", "compare --baseline /no/such/base.json",
        "compare --tolerance fast", "compare --tolerance speed=5", "compare --junit /no/such/dir/j.xml",
        "bench nosuch", "nosuch"})
    void badInputExitsTwoWithOneLine(String line) {
        Run r = run(line.split(" "));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().count()).as("stderr: %s", r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("virtio-sim").contains(": error: ").doesNotContain("Exception", "\tat ");
    }

    @Test
    void compareRunsTheDefaultScenarioWithoutMismatch() {
        Run r = run("compare");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("mmio", "indirect", "aq", "vf-bar", "pf-bar", "io-bar");
    }

    @Test
    void pcieBwJsonHasTheDocumentedShapeAndAgreesWithTheModel() throws Exception {
        Run r = run("bench", "pcie-bw", "--gen", "4", "--lanes", "16", "--direction", "read", "--sizes", "64,4096", "--json", "--model");
        assertThat(r.exit()).isZero();
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(root.get("gen").asInt()).isEqualTo(4);
        assertThat(root.get("lanes").asInt()).isEqualTo(16);
        assertThat(root.get("mps").asInt()).isEqualTo(256);
        assertThat(root.get("mrrs").asInt()).isEqualTo(512);
        assertThat(root.get("direction").asText()).isEqualTo("read");
        assertThat(root.get("results")).hasSize(2);
        for (var row : root.get("results")) {
            assertThat(row.get("size_bytes").asInt()).isIn(64, 4096);
            assertThat(row.get("gbps").asDouble()).isPositive();
            assertThat(row.get("tlps").asLong()).isPositive();
            assertThat(row.get("sim_ns").asDouble()).isPositive();
            assertThat(Math.abs(row.get("diff_pct").asDouble())).isLessThan(3.0);
        }
    }

    @Test
    void pcieBwIsDeterministic() {
        assertThat(run("bench", "pcie-bw", "--sizes", "64,1024", "--direction", "bidir").out())
                .isEqualTo(run("bench", "pcie-bw", "--sizes", "64,1024", "--direction", "bidir").out());
    }

    @Test
    void pcieLatAnchorsAllAgree() throws Exception {
        Run r = run("bench", "pcie-lat", "--json");
        assertThat(r.exit()).isZero();
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(root.get("anchors")).hasSize(5);
        for (var a : root.get("anchors")) {
            assertThat(a.get("agrees").asBoolean()).as(a.toString()).isTrue();
        }
    }

    @Test
    void dmaLatJsonShowsTheFitAndTheErrorAtEverySize() throws Exception {
        Run r = run("bench", "dma-lat", "--sizes", "64,512,2048", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(root.get("fit_sizes").toString()).isEqualTo("[64,2048]");
        assertThat(root.get("engine").get("dma_request_ns").asDouble()).isPositive();
        assertThat(root.get("read_latency_ns")).hasSize(3);
        for (var row : root.get("read_latency_ns")) {
            assertThat(row.fieldNames()).toIterable().containsExactly("size_bytes", "sim", "measured", "error_pct", "fitted");
            assertThat(row.get("fitted").asBoolean()).isEqualTo(row.get("size_bytes").asInt() != 512);
        }
        assertThat(root.get("write_gbps")).hasSize(3);
        assertThat(root.get("write_64B_link_only_gbps").asDouble()).isGreaterThan(root.get("write_gbps").get(0).get("sim").asDouble());
        Run text = run("bench", "dma-lat", "--sizes", "64,512");
        assertThat(text.out()).contains("DMA read latency", "DMA write throughput", "dma_request_ns");
    }

    @Test
    void compareJsonHasTheDocumentedFields() throws Exception {
        Run r = run("compare", "--vfs", "4", "--json");
        assertThat(r.exit()).isZero();
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(root.get("schema_version").asInt()).isEqualTo(2);
        assertThat(root.get("scenario").asText()).isEqualTo("linux-net-probe");
        assertThat(root.get("notify_route").asText()).isEqualTo("vf-bar");
        assertThat(root.get("backings")).hasSize(1);
        assertThat(root.get("vfs").asInt()).isEqualTo(4);
        assertThat(root.get("device_clock_mhz").asInt()).isEqualTo(1000);
        assertThat(root.get("seed").asLong()).isEqualTo(1);
        assertThat(root.get("schemes")).hasSize(org.virtiosim.device.catalog.Catalog.SCHEMES.all().size());
        assertThat(root.get("notify")).hasSize(org.virtiosim.device.catalog.Catalog.NOTIFY_ROUTES.all().size());
        for (var s : root.get("schemes")) {
            assertThat(s.fieldNames()).toIterable().contains("scheme", "backing", "notify_route", "accesses", "register_accesses",
                    "notifies", "access_cycles", "notify_cycles", "total_cycles", "tlps", "link_bytes", "host_busy_ns", "device_cost",
                    "completion_timeouts", "mismatches").doesNotContain("device_state_bytes_per_vf", "ci95");
            assertThat(s.get("device_cost").fieldNames()).toIterable().containsExactly("fast_path_bits_per_vf", "firmware_bytes_per_vf",
                    "bar_aperture_bytes_per_vf", "device_fixed_bytes");
            assertThat(s.get("backing").asText()).isEqualTo(root.get("backings").get(0).asText());
            assertThat(s.get("notify_route").asText()).isEqualTo("vf-bar");
            assertThat(s.get("access_cycles").fieldNames()).toIterable().containsExactly("mean", "p50", "p99", "max");
            assertThat(s.get("mismatches").asLong()).isZero();
        }
        assertThat(root.get("notify").get(0).get("path").asText()).isEqualTo("vf-bar");
    }

    @Test
    void replayOfAWrongExpectedValueExitsOneNamingTheLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path trace = dir.resolve("probe.csv");
        java.nio.file.Files.writeString(trace, "op,offset,size,value\nW,0x12,1,1\nR,0x12,1,2\n");
        Run r = run("replay", "--trace", trace.toString(), "--scheme", "indirect", "--vfs", "2");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("probe.csv:3", "returned 0x1, expected 0x2");
        java.nio.file.Files.writeString(trace, "op,offset,size,value\nW,0x12,1,1\nR,0x12,1,1\n");
        assertThat(run("replay", "--trace", trace.toString(), "--scheme", "aq").exit()).isZero();
    }

    @Test
    void replayTakesReportsBaselinesJunitAndFaultsLikeCompare(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path trace = dir.resolve("mac.csv");
        java.nio.file.Files.writeString(trace, "op,offset,size,value\nW,0x14,1,0x12\nR,0x14,1,0x12\nW,0x15,1,0x34\nR,0x15,1,0x34\n");
        java.nio.file.Path base = dir.resolve("base.json");
        assertThat(run("replay", "--trace", trace.toString(), "--scheme", "mmio", "--vfs", "2", "--save-baseline", base.toString()).exit())
                .isZero();
        java.nio.file.Path junit = dir.resolve("j.xml");
        java.nio.file.Path html = dir.resolve("r.html");
        Run same = run("replay", "--trace", trace.toString(), "--scheme", "mmio", "--vfs", "2", "--baseline", base.toString(),
                "--junit", junit.toString(), "--report", html.toString());
        assertThat(same.exit()).isZero();
        assertThat(java.nio.file.Files.readString(junit)).contains("replay.mac.csv.mmio", "within baseline", "failures=\"0\"");
        assertThat(java.nio.file.Files.readString(html)).contains("<svg", "virtio-sim replay: mac.csv", "Protocol checks", "all passed")
                .doesNotContain("VIOLATION");
        // The aq scheme costs far more per access than mmio: against mmio's baseline it is a regression.
        Run slower = run("replay", "--trace", trace.toString(), "--scheme", "aq", "--vfs", "2", "--baseline", base.toString(),
                "--junit", junit.toString());
        assertThat(slower.exit()).isEqualTo(1);
        assertThat(slower.err()).contains("regression: schemes/mmio");
        assertThat(java.nio.file.Files.readString(junit)).contains("<failure");
        Run dropped = run("replay", "--trace", trace.toString(), "--scheme", "indirect", "--vfs", "2", "--fault", "drop-completion@1",
                "--report", html.toString());
        assertThat(dropped.exit()).isEqualTo(1);
        assertThat(java.nio.file.Files.readString(html)).contains("faults injected: drop-completion@1", "VIOLATION</b> indirect");
        assertThat(dropped.out()).contains("faults injected: drop-completion@1", "PROTOCOL VIOLATION");
    }

    @Test
    void plotWritesOnePngWithAPanelPerChartAndTheSameBytesTwice(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path a = dir.resolve("a.png");
        java.nio.file.Path b = dir.resolve("b.png");
        assertThat(run("compare", "--vfs", "2", "--plot", a.toString()).exit()).isZero();
        assertThat(run("compare", "--vfs", "2", "--plot", b.toString()).exit()).isZero();
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(a.toFile());
        // Two charts (schemes, notify paths) side by side under a heading.
        assertThat(img.getWidth()).isEqualTo(1920);
        assertThat(img.getHeight()).isEqualTo(50 + 540);
        assertThat(java.nio.file.Files.readAllBytes(a)).isEqualTo(java.nio.file.Files.readAllBytes(b));
        java.nio.file.Path one = dir.resolve("one.png");
        assertThat(run("compare", "--vfs", "2", "--notify", "none", "--plot", one.toString()).exit()).isZero();
        assertThat(javax.imageio.ImageIO.read(one.toFile()).getWidth()).isEqualTo(960);
        Run bad = run("compare", "--plot", dir.resolve("x.jpg").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--plot", "name it FILE.png");
        java.nio.file.Path s = dir.resolve("s.png");
        assertThat(run("sweep", "--vary", "vfs=1,2", "--vary", "scheme=mmio", "--out", dir.resolve("sw").toString(), "--plot", s.toString())
                .exit()).isZero();
        assertThat(javax.imageio.ImageIO.read(s.toFile()).getHeight()).isEqualTo(50 + 2 * 540);
        Run noVfs = run("sweep", "--vary", "scheme=mmio", "--out", dir.resolve("sw2").toString(), "--plot", s.toString());
        assertThat(noVfs.exit()).isEqualTo(2);
        assertThat(dir.resolve("sw2")).doesNotExist();
    }

    @Test
    void sweepWritesATestCasePerPointAndCheck(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path junit = dir.resolve("s.xml");
        Run r = run("sweep", "--vary", "vfs=1,2", "--vary", "scheme=mmio,aq", "--out", dir.resolve("out").toString(), "--junit",
                junit.toString());
        assertThat(r.exit()).isZero();
        String xml = java.nio.file.Files.readString(junit);
        assertThat(xml).contains("tests=\"12\"", "failures=\"0\"", "sweep.linux-net-probe.vfs=2.scheme=aq");
        // A completion timeout shorter than a VF reset: reads stalled by the reset time out (and read all ones).
        java.nio.file.Path failing = dir.resolve("f.xml");
        Run f = run("sweep", "--scenario", "reset-storm", "--vary", "vfs=64", "--vary", "scheme=mmio", "--vary",
                "completion_timeout_us=50000,100", "--out", dir.resolve("f").toString(), "--junit", failing.toString());
        assertThat(f.exit()).isEqualTo(1);
        assertThat(java.nio.file.Files.readString(failing)).contains("tests=\"6\"", "failures=\"3\"", "32 completion timeouts",
                "1 of the protocol checks failed");
        assertThat(java.nio.file.Files.readString(dir.resolve("f").resolve("results.csv"))).contains(",32,32,1\n");
        assertThat(run("sweep", "--vary", "vfs=1", "--out", dir.resolve("o2").toString(), "--junit", "/no/such/dir/s.xml").exit())
                .isEqualTo(2);
        assertThat(dir.resolve("o2")).doesNotExist();
    }

    @Test
    void compareWritesOneCheckedVcdPerSchemeAndTheSameInputsGiveTheSameBytes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path vcd = dir.resolve("w.vcd");
        Run r = run("compare", "--vfs", "3", "--notify", "vf-bar", "--vcd", vcd.toString());
        assertThat(r.exit()).isZero();
        for (String s : new String[] {"mmio", "indirect", "aq"}) {
            java.nio.file.Path f = dir.resolve("w-" + s + ".vcd");
            assertThat(f).exists();
            assertThat(dir.resolve("w-" + s + ".gtkw")).exists();
            assertThat(r.err()).contains(f.toString());
            var dump = org.virtiosim.waveforms.VcdReader.read(f);
            assertThat(dump.signal("tb.device.vf1.status").changes()).isNotEmpty();
            assertThat(dump.signal("tb.device.vf1.status").changes().get(dump.signal("tb.device.vf1.status").changes().size() - 1)
                    .value()).isEqualTo(7);
            VcdCheck.numericSignals(f, dir);
        }
        java.nio.file.Path again = dir.resolve("again.vcd");
        assertThat(run("compare", "--vfs", "3", "--notify", "vf-bar", "--schemes", "aq", "--vcd", again.toString()).exit()).isZero();
        assertThat(java.nio.file.Files.readAllBytes(dir.resolve("again-aq.vcd")))
                .isEqualTo(java.nio.file.Files.readAllBytes(dir.resolve("w-aq.vcd")));
    }

    @Test
    void theSavedViewMarksTheFirstProblemOfTheRun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path vcd = dir.resolve("p.vcd");
        Run r = run("compare", "--vfs", "1", "--schemes", "mmio", "--notify", "vf-bar", "--fault", "poison-completion@3",
                "--vcd", vcd.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        java.util.List<String> gtkw = java.nio.file.Files.readAllLines(dir.resolve("p-mmio.gtkw"));
        assertThat(gtkw).anyMatch(l -> l.matches("\\[markername\\] AVF 1 (read mismatch|access failed)"));
        String[] star = gtkw.stream().filter(l -> l.startsWith("*")).findFirst().orElseThrow().substring(1).split(" ");
        long marker = Long.parseLong(star[1]);
        long start = Long.parseLong(gtkw.stream().filter(l -> l.startsWith("[timestart] ")).findFirst().orElseThrow().substring(12));
        assertThat(marker).isPositive().isEqualTo(Long.parseLong(star[2]));
        assertThat(start).isLessThan(marker);
        // the marker is where the poisoned completion reached the host: a CplD on the upstream link just before it
        var dump = org.virtiosim.waveforms.VcdReader.read(dir.resolve("p-mmio.vcd"));
        assertThat(dump.text("tb.link.up.tlp").changes()).anyMatch(c -> c.timePs() <= marker && c.timePs() > start
                && c.text().startsWith("CplD"));
    }

    @Test
    void tlpTypesShowAsTextInGtkwaveAndClocksAreTracedOnlyWhenAsked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path vcd = dir.resolve("c.vcd");
        assertThat(run("compare", "--vfs", "1", "--schemes", "mmio", "--notify", "vf-bar", "--vcd", vcd.toString()).exit()).isZero();
        String gtkw = java.nio.file.Files.readString(dir.resolve("c-mmio.gtkw"));
        java.nio.file.Path types = dir.resolve("tlp_types.txt");
        assertThat(gtkw).contains("@2022\n^1 " + types.toAbsolutePath() + "\ntb.link.down.tlp_type[3:0]");
        assertThat(java.nio.file.Files.readString(types)).contains("0 idle", "2 MRd64", "A CplD");
        // The TLP as text heads each link group; the view opens on VF 1's first access in a usable window.
        assertThat(gtkw).contains("-tb.link.down\n@800\ntb.link.down.tlp\n", "-tb.link.up\n@800\ntb.link.up.tlp\n", "[size] 1400 900\n");
        var texts = org.virtiosim.waveforms.VcdReader.read(dir.resolve("c-mmio.vcd"));
        var down = texts.text("tb.link.down.tlp").changes();
        assertThat(down).extracting(org.virtiosim.waveforms.VcdReader.TextChange::text)
                .anyMatch(t -> t.matches("MRd(32|64) tag=[0-9]+ 0x[0-9a-f]+ len=[0-9]+"))
                .anyMatch(t -> t.matches("MWr(32|64) 0x[0-9a-f]+ len=[0-9]+"))
                .contains("");
        assertThat(texts.text("tb.link.up.tlp").changes()).extracting(org.virtiosim.waveforms.VcdReader.TextChange::text)
                .anyMatch(t -> t.matches("CplD tag=[0-9]+ len=[0-9]+ SC"));
        java.util.regex.Matcher start = java.util.regex.Pattern.compile("\\[timestart\\] ([0-9]+)\n").matcher(gtkw);
        assertThat(start.find()).isTrue();
        long from = Long.parseLong(start.group(1));
        // the view starts before VF 1's first access and within the run (its first TLP comes after)
        assertThat(from).isPositive();
        assertThat(texts.signal("tb.host.vf1.access").changes()).anyMatch(c -> c.timePs() > from && c.timePs() < from + 1_000_000_000L);
        var plain = org.virtiosim.waveforms.VcdReader.read(dir.resolve("c-mmio.vcd"));
        assertThat(plain.signals().keySet()).noneMatch(k -> k.contains("clk"));
        assertThat(run("compare", "--vfs", "1", "--schemes", "mmio", "--notify", "vf-bar", "--vcd", vcd.toString(), "--trace-clocks",
                "--trace-filter", "tb.clock.*").exit()).isZero();
        var clocked = org.virtiosim.waveforms.VcdReader.read(dir.resolve("c-mmio.vcd"));
        var clk = clocked.signal("tb.clock.device_clk");
        // A rising and a falling edge per 1 ns cycle over the whole scenario (about 1.66 ms).
        assertThat(clk.changes().size()).isGreaterThan(3_000_000);
        assertThat(clk.changes().get(2).timePs() - clk.changes().get(1).timePs()).isEqualTo(500);
    }

    @Test
    void reportsAreSelfContainedHtmlWithPlotsAndTheSameBytesForTheSameInputs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path a = dir.resolve("a.html");
        java.nio.file.Path b = dir.resolve("b.html");
        assertThat(run("compare", "--vfs", "4", "--report", a.toString()).exit()).isZero();
        assertThat(run("compare", "--vfs", "4", "--report", b.toString()).exit()).isZero();
        String html = java.nio.file.Files.readString(a);
        assertThat(java.nio.file.Files.readAllBytes(a)).isEqualTo(java.nio.file.Files.readAllBytes(b));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("Access latency CDF per scheme", "TLPs per access, per scheme",
                "Notify latency CDF per path").doesNotContain("<script", "src=\"http", "href=\"http");
        assertThat(html.split("<svg ", -1).length - 1).isEqualTo(6);
        java.nio.file.Path out = dir.resolve("sweep");
        java.nio.file.Path sr = dir.resolve("s.html");
        assertThat(run("sweep", "--vary", "vfs=1,4,8", "--out", out.toString(), "--report", sr.toString()).exit()).isZero();
        String sweep = java.nio.file.Files.readString(sr);
        assertThat(sweep).contains("Mean access latency", "Whole scenario", "TLPs per access (both directions)", "<td>aq</td>");
    }

    @Test
    void aBaselineCatchesADeliberatelySlowedFirmwareAndJunitXmlShowsIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path base = dir.resolve("base.json");
        assertThat(run("compare", "--vfs", "4", "--save-baseline", base.toString()).exit()).isZero();
        java.nio.file.Path ok = dir.resolve("ok.xml");
        Run same = run("compare", "--vfs", "4", "--baseline", base.toString(), "--junit", ok.toString());
        assertThat(same.exit()).isZero();
        assertThat(java.nio.file.Files.readString(ok)).contains("failures=\"0\"", "within baseline");
        java.nio.file.Path bad = dir.resolve("bad.xml");
        Run slow = run("compare", "--vfs", "4", "--baseline", base.toString(), "--set", "firmware_command_cycles=4000", "--junit", bad.toString());
        assertThat(slow.exit()).isEqualTo(1);
        assertThat(slow.err()).contains("regression: schemes/aq access_cycles.mean").doesNotContain("schemes/mmio");
        String xml = java.nio.file.Files.readString(bad);
        assertThat(xml).contains("<failure message=\"schemes/aq access_cycles.mean").doesNotContain("failures=\"0\"");
        // A wide enough tolerance lets the same change through.
        assertThat(run("compare", "--vfs", "4", "--baseline", base.toString(), "--set", "firmware_command_cycles=4000",
                "--tolerance", "200").exit()).isZero();
    }

    @Test
    void protocolChecksRunOnEveryCompareAndAViolationExitsOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Run clean = run("compare", "--vfs", "4", "--json");
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(clean.out());
        for (var s : root.get("schemes")) {
            assertThat(s.get("violations").size()).as(s.toString()).isZero();
        }
        assertThat(run("compare", "--vfs", "4").out()).contains("all passed");
        java.nio.file.Path xml = dir.resolve("j.xml");
        Run timeouts = run("compare", "--scenario", "reset-storm", "--vfs", "256", "--set", "completion_timeout_us=100", "--schemes",
                "mmio,indirect", "--notify", "vf-bar", "--junit", xml.toString());
        assertThat(timeouts.exit()).isEqualTo(1);
        assertThat(timeouts.out()).contains("PROTOCOL VIOLATION mmio: each non-posted request gets exactly one completion")
                .doesNotContain("PROTOCOL VIOLATION indirect", "PROTOCOL VIOLATION notify");
        assertThat(java.nio.file.Files.readString(xml)).contains("name=\"credits conserved\"/>",
                "<failure message=\"255 completion timeouts");
    }

    @Test
    void repeatGivesConfidenceIntervalsAndBackingBothGivesRowsPerBacking() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        Run r = run("compare", "--vfs", "2", "--schemes", "mmio,aq", "--notify", "none", "--repeat", "3", "--json");
        assertThat(r.exit()).isZero();
        var root = json.readTree(r.out());
        assertThat(root.get("repeat").asInt()).isEqualTo(3);
        for (var s : root.get("schemes")) {
            assertThat(s.get("access_cycles").get("ci95").fieldNames()).toIterable().containsExactly("mean", "p50", "p99", "max");
            assertThat(s.get("access_cycles").get("ci95").get("mean").asDouble()).as("three seeds differ").isPositive();
            assertThat(s.get("ci95").has("total_cycles")).isTrue();
        }
        assertThat(run("compare", "--vfs", "2", "--schemes", "mmio", "--notify", "none", "--repeat", "3").out()).contains("±");
        Run both = run("compare", "--vfs", "2", "--schemes", "mmio,indirect", "--notify", "vf-bar", "--backing", "hardware,firmware", "--json");
        var b = json.readTree(both.out());
        assertThat(b.get("backings")).hasSize(2);
        assertThat(b.get("schemes")).hasSize(4);
        assertThat(b.get("schemes").get(0).get("backing").asText()).isEqualTo("hardware");
        assertThat(b.get("schemes").get(2).get("backing").asText()).isEqualTo("firmware");
        assertThat(b.get("notify")).hasSize(2);
        assertThat(run("compare", "--backing", "silicon").exit()).isEqualTo(2);
        assertThat(run("compare", "--repeat", "0").exit()).isEqualTo(2);
    }

    @Test
    void sensitivityJsonHasAnObjectPerParameterWithItsEffectsPerScheme() throws Exception {
        Run r = run("sensitivity", "--vfs", "1", "--schemes", "mmio,aq", "--parameters", "vm_exit_ns,aq_mode", "--steps", "2", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        for (String key : new String[] {"schema_version", "scenario", "vfs", "seed", "schemes", "parameters"}) {
            assertThat(root.has(key)).as(key).isTrue();
        }
        assertThat(root.get("scenario").asText()).isEqualTo("linux-net-probe");
        assertThat(root.get("parameters")).hasSize(2);
        for (var p : root.get("parameters")) {
            for (String key : new String[] {"name", "low", "high", "effects", "ranking_changes"}) {
                assertThat(p.has(key)).as(p.path("name") + " " + key).isTrue();
            }
            for (String scheme : new String[] {"mmio", "aq"}) {
                for (String end : new String[] {"low", "high"}) {
                    assertThat(p.at("/effects/" + scheme + "/" + end + "/mean").isNumber()).isTrue();
                    assertThat(p.at("/effects/" + scheme + "/" + end + "/p99").isNumber()).isTrue();
                }
            }
            assertThat(p.has("crossover")).isEqualTo(p.get("ranking_changes").asBoolean());
        }
        Run again = run("sensitivity", "--vfs", "1", "--schemes", "mmio,aq", "--parameters", "vm_exit_ns,aq_mode", "--steps", "2", "--json");
        assertThat(again.out()).as("same seed, same bytes").isEqualTo(r.out());
    }

    @Test
    void sensitivityWritesItsReportWholeWithATornadoPerScheme(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var html = dir.resolve("s.html");
        Run r = run("sensitivity", "--vfs", "1", "--schemes", "mmio,indirect", "--parameters", "vm_exit_ns", "--set", "vm_exit_ns=1000",
                "--report", html.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("base vm_exit_ns=1000", "vm_exit_ns (ns): base 1000, range 500..5000");
        String page = java.nio.file.Files.readString(html);
        assertThat(page.split("<svg ", -1).length - 1).isEqualTo(2);
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("s.html");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--schemes mmio", "--schemes mmio,bogus", "--schemes mmio,mmio", "--parameters bogus", "--set vm_exit_ns=-1",
        "--vfs 0", "--steps 31", "--scenario no-such-scenario", "--report out.txt", "--report /no/such/dir/r.html"})
    void sensitivityRefusesBadInputInOneLine(String args) {
        Run r = run(("sensitivity --vfs 1 " + args).split(" "));
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("virtio-sim sensitivity: error: ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void claimsPrintsEveryClaimWithAVerdictAndRefusesBadInput() throws Exception {
        Run r = run("claims", "--vfs", "2", "--no-sensitivity", "--json");
        assertThat(r.exit()).isZero();
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(root.get("claims")).hasSize(org.virtiosim.testbench.claims.Claims.REGISTRY.all().size());
        assertThat(run("claims", "--vfs", "2", "--no-sensitivity").out()).contains("verdict: ");
        assertThat(run("claims", "--vfs", "0").exit()).isEqualTo(2);
        assertThat(run("claims", "--set", "nosuch=1").exit()).isEqualTo(2);
    }

    /** What the device refused is counted in every JSON row: nothing on a healthy run, URs for a window mapped past the aperture. */
    @Test
    void deviceRefusalsAreCountedInTheJson() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        Run healthy = run("compare", "--vfs", "4", "--schemes", "pf-window,aq", "--notify", "none", "--json");
        for (var row : mapper.readTree(healthy.out()).get("schemes")) {
            assertThat(row.get("device_refusals").size()).as(row.get("scheme").asText()).isZero();
        }
        Run past = run("compare", "--vfs", "4", "--schemes", "pf-window", "--notify", "none", "--fault", "pf-window-slot@1:5", "--json");
        assertThat(past.exit()).isEqualTo(Main.EXIT_VIOLATION);
        assertThat(mapper.readTree(past.out()).at("/schemes/0/device_refusals/UR").asLong()).isPositive();
        Run member = run("compare", "--vfs", "4", "--schemes", "aq", "--notify", "none", "--fault", "aq-member@8:5", "--json");
        assertThat(mapper.readTree(member.out()).at("/schemes/0/device_refusals/EINVAL~1INVALID_MEMBER").asLong()).isEqualTo(1);
    }

    /** The trust section: computed rows (every cross-VF breach caught by the isolation check alone, as measured), and --no-trust. */
    @Test
    void claimsCarriesTheTrustStudyUnlessToldNot() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        Run r = run("claims", "--vfs", "2", "--no-sensitivity", "--series", "1", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        var trust = mapper.readTree(r.out()).at("/trust_study/trust");
        assertThat(trust.size()).isPositive();
        int breaches = 0;
        for (var row : trust) {
            if (row.get("classification").asText().equals(org.virtiosim.testbench.trust.TrustRow.BREACH)) {
                breaches++;
                assertThat(row.get("other_vfs_affected")).as("a breach names the VF it reached").isNotEmpty();
                assertThat(row.get("detected_by").asText()).isNotEqualTo(org.virtiosim.testbench.trust.TrustRow.NOBODY);
            }
        }
        assertThat(breaches).as("some PF-driver fault reaches another VF").isPositive();
        assertThat(mapper.readTree(r.out()).at("/trust_study/trusts")).hasSize(org.virtiosim.testbench.trust.TrustDeclaration.ALL.size());
        assertThat(run("claims", "--vfs", "2", "--no-sensitivity", "--series", "1").out()).contains("| design | trusts | why |");
        Run without = run("claims", "--vfs", "2", "--no-sensitivity", "--series", "1", "--no-trust", "--json");
        assertThat(mapper.readTree(without.out()).has("trust_study")).isFalse();
    }

    @Test
    void claimsWritesItsReportWholeAndTheSameBytesForTheSameSeed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path a = dir.resolve("a.html");
        java.nio.file.Path b = dir.resolve("b.html");
        Run first = run("claims", "--vfs", "2", "--no-sensitivity", "--series", "1,4", "--json", "--report", a.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.err()).contains("report: " + a);
        Run second = run("claims", "--vfs", "2", "--no-sensitivity", "--series", "1,4", "--json", "--report", b.toString());
        assertThat(java.nio.file.Files.readAllBytes(a)).isEqualTo(java.nio.file.Files.readAllBytes(b));
        assertThat(second.out()).as("the JSON does not depend on the report").isEqualTo(first.out());
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(first.out());
        assertThat(root.at("/claims/3/evidence/series")).hasSize(2 * 3);
        String html = java.nio.file.Files.readString(a);
        assertThat(html.split("<section id=\"claim-", -1).length - 1).isEqualTo(org.virtiosim.testbench.claims.Claims.REGISTRY.all().size());
        assertThat(html).as("the trust study's section").contains("<section id=\"trust\">", "cross-VF breach");
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("a.html", "b.html");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--report /no/such/dir/c.html", "--report c.txt", "--report DIR/taken.html", "--report DIR/file/c.html",
        "--series 4,1", "--series 0", "--series 1,x"})
    void claimsRefusesABadReportPathOrSeriesInOneLineAndLeavesNoFile(String args, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("taken.html").resolve("inside"));
        java.nio.file.Files.writeString(dir.resolve("file"), "x");
        Run r = run(("claims --vfs 1 --no-sensitivity --series 1 " + args.replace("DIR", dir.toString())).split(" "));
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("virtio-sim claims: error: ");
        assertThat(r.out()).isEmpty();
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("taken.html", "file");
        }
    }
}
