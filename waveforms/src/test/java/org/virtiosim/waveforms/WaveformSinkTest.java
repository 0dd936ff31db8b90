package org.virtiosim.waveforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtiosim.core.component.Component;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.kernel.Kernel;

class WaveformSinkTest {
    private static final String DATE = "Mon, 1 Dec 2025 00:00:00 GMT";
    private static final int CHANGES = 100_000;

    @TempDir
    Path dir;

    private static WaveOptions opts() {
        return WaveOptions.defaults().withDate(DATE);
    }

    private Stimulus simulate(Path vcd, WaveOptions options, long seed, WaveformSink[] out) throws IOException {
        Stimulus s = new Stimulus();
        try (WaveformSink sink = WaveformSink.open(vcd, s.probes, options)) {
            s.run(sink, CHANGES, seed);
            out[0] = sink;
        }
        return s;
    }

    @Test
    void simulationPassesVcdCheckWithThePublishedCounts() throws Exception {
        Path vcd = dir.resolve("sim.vcd");
        WaveformSink[] sink = new WaveformSink[1];
        Stimulus s = simulate(vcd, opts(), 1, sink);

        assertThat(s.published).hasSizeGreaterThanOrEqualTo(CHANGES);
        assertThat(sink[0].published()).isEqualTo(s.published.size());
        assertThat(sink[0].written()).isEqualTo(sink[0].published());
        assertThat(sink[0].capped()).isFalse();
        // Several changes per step: the test would prove little without them.
        assertThat(s.published.stream().map(Stimulus.Published::timePs).distinct().count())
                .isLessThan(s.published.size() / 2);
        VcdCheck.Result r = VcdCheck.passes(vcd);
        // vcd-check counts each value line, the $dumpvars one included.
        assertThat(r.counts()).isEqualTo(s.lineCounts(0, Long.MAX_VALUE, false));
        assertThat(Files.size(vcd)).isEqualTo(sink[0].bytes());
    }

    @Test
    void readBackGivesTheFinalValueOfEveryPublishedTimeStep() throws Exception {
        Path vcd = dir.resolve("read.vcd");
        Stimulus s = simulate(vcd, opts(), 2, new WaveformSink[1]);
        VcdReader.Dump d = VcdReader.read(vcd);

        assertThat(d.date()).isEqualTo(DATE);
        assertThat(d.version()).isEqualTo("virtio-sim");
        assertThat(d.timescale()).isEqualTo("1ps");
        Map<String, List<VcdReader.Change>> expected = s.expected(s.published.size(), 0, Long.MAX_VALUE);
        // declaration order follows the scope tree, not the probe list
        assertThat(d.signals().keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Probe p : s.probes) {
            VcdReader.Signal sig = d.signal(p.path());
            assertThat(sig.width()).isEqualTo(p.width());
            assertThat(sig.changes()).as(p.path()).containsExactlyElementsOf(expected.get(p.path()));
        }
    }

    @Test
    void sameInputsAndDateGiveByteIdenticalFiles() throws Exception {
        Path a = dir.resolve("a.vcd");
        Path b = dir.resolve("b.vcd");
        simulate(a, opts(), 3, new WaveformSink[1]);
        simulate(b, opts(), 3, new WaveformSink[1]);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        // and the comparison can fail: another seed gives another file
        Path c = dir.resolve("c.vcd");
        simulate(c, opts(), 4, new WaveformSink[1]);
        assertThat(Files.readAllBytes(c)).isNotEqualTo(Files.readAllBytes(a));
    }

    @Test
    void everyRingSizeWritesTheSameBytes() throws Exception {
        // One change per ring entry, four small chunks, and whole 1024-change chunks with a part-filled
        // one at close: how the changes are chunked never shows in the file, and none is lost.
        Path reference = dir.resolve("ring-default.vcd");
        WaveformSink[] sink = new WaveformSink[1];
        Stimulus s = simulate(reference, opts(), 8, sink);
        assertThat(s.published.size() % WaveformSink.CHUNK_CHANGES).isNotZero();
        for (int ring : new int[] {1, 2, 16, 1 << 12}) {
            Path vcd = dir.resolve("ring-" + ring + ".vcd");
            simulate(vcd, opts().withRingSize(ring), 8, sink);
            assertThat(sink[0].written()).as("ring of %d", ring).isEqualTo(s.published.size());
            assertThat(sink[0].published()).isEqualTo(sink[0].written());
            assertThat(Files.readAllBytes(vcd)).as("ring of %d", ring).isEqualTo(Files.readAllBytes(reference));
        }
    }

    @Test
    void vectorsAroundByteBoundariesKeepEveryDigit() throws Exception {
        Kernel k = new Kernel();
        Probe word = Component.root(k, "tb", 1).probe("word", 64);
        long[] values = {1, 0x7F, 0x80, 0xFF, 0x100, 0x1FF, 0xA5A5, 0x7FFF_FFFF_FFFF_FFFFL, Long.MIN_VALUE, -1L, 0x0123_4567_89AB_CDEFL, 0};
        Path vcd = dir.resolve("bytes.vcd");
        try (WaveformSink sink = WaveformSink.open(vcd, List.of(word), opts())) {
            for (int i = 0; i < values.length; i++) {
                sink.valueChanged(i + 1, word, values[i]);
            }
        }
        String text = Files.readString(vcd);
        assertThat(text).contains("#3\nb10000000 !\n", "#8\nb" + "1".repeat(63) + " !\n", "#9\nb1" + "0".repeat(63) + " !\n",
                "#11\nb" + Long.toBinaryString(0x0123_4567_89AB_CDEFL) + " !\n", "#12\nb0 !\n");
        List<VcdReader.Change> got = VcdReader.read(vcd).signal("tb.word").changes();
        for (int i = 0; i < values.length; i++) {
            assertThat(got.get(i + 1)).isEqualTo(new VcdReader.Change(i + 1, values[i]));
        }
    }

    @Test
    void timesAroundDigitGroupsAreWrittenExactly() throws Exception {
        Kernel k = new Kernel();
        Probe bit = Component.root(k, "tb", 1).probe("bit", 1);
        long[] times = {1, 9, 10, 99, 100, 101, 12_345_678, 99_999_999, 100_000_000, 100_000_001, 1_000_000_007,
            1_234_567_890_123L, 9_999_999_999_999_999L, 10_000_000_000_000_000L, 10_000_000_000_000_001L, Long.MAX_VALUE};
        Path vcd = dir.resolve("times.vcd");
        try (WaveformSink sink = WaveformSink.open(vcd, List.of(bit), opts())) {
            for (int i = 0; i < times.length; i++) {
                sink.valueChanged(times[i], bit, (i + 1) & 1);
            }
        }
        StringBuilder body = new StringBuilder("#0\n$dumpvars\n0!\n$end\n");
        for (int i = 0; i < times.length; i++) {
            body.append('#').append(times[i]).append('\n').append((i + 1) & 1).append("!\n");
        }
        assertThat(Files.readString(vcd)).endsWith(body.toString());
    }

    @Test
    void timeWindowWritesOnlyItsChangesAndStartsWithFullState() throws Exception {
        Stimulus probe = new Stimulus();
        probe.run((t, p, v) -> { }, CHANGES, 5); // same seed: learn the time span first
        long end = probe.published.get(probe.published.size() - 1).timePs();
        long from = end / 3;
        long to = 2 * end / 3;

        Path vcd = dir.resolve("window.vcd");
        WaveformSink[] sink = new WaveformSink[1];
        Stimulus s = simulate(vcd, opts().withWindow(from, to), 5, sink);

        long inWindow = s.published.stream().filter(c -> c.timePs() >= from && c.timePs() <= to).count();
        long upToEnd = s.published.stream().filter(c -> c.timePs() <= to).count();
        assertThat(inWindow).isBetween(10_000L, 50_000L);
        assertThat(sink[0].written()).isEqualTo(inWindow);
        assertThat(sink[0].published()).isEqualTo(upToEnd);
        VcdCheck.Result r = VcdCheck.passes(vcd);
        assertThat(r.counts()).isEqualTo(s.lineCounts(from, to, true));

        VcdReader.Dump d = VcdReader.read(vcd);
        Map<String, List<VcdReader.Change>> expected = s.expected(s.published.size(), from, to);
        for (Probe p : s.probes) {
            List<VcdReader.Change> got = d.signal(p.path()).changes();
            assertThat(got).as(p.path()).containsExactlyElementsOf(expected.get(p.path()));
            assertThat(got.get(1).timePs()).isEqualTo(from);
            assertThat(got.get(got.size() - 1).timePs()).isLessThanOrEqualTo(to);
        }
    }

    @Test
    void sizeCapStopsAtAWholeLineAndKeepsTheFileValid() throws Exception {
        long cap = 200_000;
        Path vcd = dir.resolve("capped.vcd");
        WaveformSink[] sink = new WaveformSink[1];
        Stimulus s = simulate(vcd, opts().withMaxBytes(cap), 6, sink);

        assertThat(sink[0].capped()).isTrue();
        long size = Files.size(vcd);
        assertThat(size).isLessThanOrEqualTo(cap).isGreaterThan(cap - 100);
        assertThat(sink[0].written()).isLessThan(sink[0].published()).isPositive();
        VcdCheck.passes(vcd);
        // The writer keeps order and stops at the first line that does not fit: what is in the
        // file is exactly the first written() published changes.
        int n = Math.toIntExact(sink[0].written());
        Map<String, List<VcdReader.Change>> expected = s.expected(n, 0, Long.MAX_VALUE);
        VcdReader.Dump d = VcdReader.read(vcd);
        for (Probe p : s.probes) {
            assertThat(d.signal(p.path()).changes()).as(p.path()).containsExactlyElementsOf(expected.get(p.path()));
        }
    }

    @Test
    void tinyRingDropsNothingUnderBackPressure() throws Exception {
        Kernel k = new Kernel();
        Component c = Component.root(k, "tb", 1);
        Probe bit = c.probe("bit", 1);
        Probe word = c.child("bus").probe("word", 64);
        Path vcd = dir.resolve("tiny.vcd");
        int n = 1_000_000;
        WaveformSink sink = WaveformSink.open(vcd, List.of(bit, word), opts().withRingSize(1 << 4));
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 1; i <= n; i++) {
                // one change per step, alternating probes, values that differ from the previous
                if ((i & 1) == 0) {
                    sink.valueChanged(i, bit, (i >> 1) & 1);
                } else {
                    sink.valueChanged(i, word, (long) i * 0x9E37_79B9_7F4A_7C15L);
                }
            }
            sink.close();
        });
        assertThat(sink.published()).isEqualTo(n);
        assertThat(sink.written()).isEqualTo(n);
        VcdCheck.Result r = VcdCheck.passes(vcd);
        assertThat(r.counts()).containsEntry("tb.bit", n / 2 + 1L).containsEntry("tb.bus.word[63:0]", n / 2 + 1L);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(WaveFormat.class)
    void throughputOfTheWriter(WaveFormat format) throws Exception {
        Kernel k = new Kernel();
        Component c = Component.root(k, "tb", 1);
        Probe[] ps = {c.probe("a", 1), c.probe("b", 8), c.probe("c", 32), c.probe("d", 64)};
        Path file = dir.resolve("throughput." + format.extension());
        int n = 2_000_000;
        long t0 = System.nanoTime();
        WaveformSink sink = WaveformSink.open(file, List.of(ps), opts());
        for (int i = 1; i <= n; i++) {
            Probe p = ps[i & 3];
            long mask = p.width() == 64 ? -1L : (1L << p.width()) - 1;
            sink.valueChanged(i >> 1, p, ((long) i * 0x9E37_79B9_7F4A_7C15L) & mask);
        }
        sink.close();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s writer throughput: %,.0f changes/s (%,d changes, %,d bytes, %.2f s)%n",
                format, n / secs, n, Files.size(file), secs);
        assertThat(sink.written()).isEqualTo(n);
        assertThat(Files.size(file)).isEqualTo(sink.bytes());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(WaveFormat.class)
    void publishingAllocatesNothingOnTheSimulationThread(WaveFormat format) throws Exception {
        Kernel k = new Kernel();
        Component c = Component.root(k, "tb", 1);
        Probe[] ps = {c.probe("a", 1), c.probe("d", 64)};
        // with a text signal too: its decoding is the writer's, the simulation thread does not see it
        var text = c.text("t", (v, out) -> org.virtiosim.core.component.TextFormat.appendHex(out, v[1]), ps[0], ps[1]);
        WaveformSink sink = WaveformSink.open(dir.resolve("alloc." + format.extension()), List.of(ps), List.of(text), opts());
        int n = 1_000_000;
        publish(sink, ps, 0, n); // warm up: the JIT compiles the path
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        publish(sink, ps, n, n);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        sink.close();
        assertThat(sink.written()).isEqualTo(2L * n);
        assertThat(sink.textWritten()).isPositive();
        // A box or a String per change would be tens of megabytes for a million changes.
        assertThat(allocated).as("bytes allocated publishing %d changes", n).isLessThan(64 * 1024);
    }

    private static void publish(WaveformSink sink, Probe[] ps, int from, int n) {
        for (int i = from; i < from + n; i++) {
            sink.valueChanged(i, ps[i & 1], (i & 1) == 0 ? (i >> 1) & 1 : i * 0x9E37_79B9L);
        }
    }

    @Test
    void writerIOExceptionSurfacesOnTheProducer() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk on fire");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk on fire");
            }
        };
        Kernel k = new Kernel();
        Component c = Component.root(k, "tb", 1);
        Probe word = c.probe("word", 64);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            // tiny ring: a writer that died without telling would block next() forever
            WaveformSink sink = WaveformSink.vcd(broken, List.of(word), opts().withRingSize(1 << 4));
            assertThatThrownBy(() -> {
                for (long i = 1; i <= 50_000_000L; i++) {
                    sink.valueChanged(i, word, i);
                }
            }).isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("disk on fire");
            sink.close(); // already reported: does not throw again, does not hang
            sink.close();
        });
    }

    @Test
    void failureOnTheFinalFlushSurfacesOnClose() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("quota exceeded");
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        Kernel k = new Kernel();
        Probe bit = Component.root(k, "tb", 1).probe("bit", 1);
        WaveformSink sink = WaveformSink.vcd(broken, List.of(bit), opts());
        sink.valueChanged(5, bit, 1);
        assertThatThrownBy(sink::close).isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("quota exceeded");
        assertThat(closed).isTrue();
        sink.close(); // idempotent
    }

    @Test
    void openingInAMissingDirectoryFailsAtOnce() {
        Kernel k = new Kernel();
        Probe bit = Component.root(k, "tb", 1).probe("bit", 1);
        assertThatThrownBy(() -> WaveformSink.open(dir.resolve("no/such/dir/x.vcd"), List.of(bit), opts()))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void closeFromAnotherThreadWhileTheSimulationRunsLeavesAValidFile() throws Exception {
        Kernel k = new Kernel();
        Component c = Component.root(k, "tb", 1);
        Probe word = c.probe("word", 16);
        Path vcd = dir.resolve("hook.vcd");
        WaveformSink sink = WaveformSink.open(vcd, List.of(word), opts().withRingSize(1 << 8));
        AtomicBoolean stop = new AtomicBoolean();
        Thread sim = new Thread(() -> {
            for (long i = 1; !stop.get(); i++) {
                sink.valueChanged(i, word, i & 0xFFFF);
            }
        });
        sim.start();
        Thread.sleep(200);
        assertTimeoutPreemptively(Duration.ofSeconds(30), sink::close); // what a Ctrl-C hook does
        stop.set(true);
        sim.join(10_000);
        assertThat(sim.isAlive()).isFalse();
        assertThat(sink.written()).isPositive().isLessThanOrEqualTo(sink.published());
        VcdCheck.passes(vcd);
    }

    @Test
    void headerFollowsTheWriterRules() throws Exception {
        Kernel k = new Kernel();
        Component tb = Component.root(k, "tb", 1);
        Component up = tb.child("link").child("up");
        Probe type = up.probe("tlp_type", 8);
        Probe clk = tb.probe("clk", 1);
        Probe valid = up.probe("valid", 1);
        type.set(0x81);
        Path vcd = dir.resolve("header.vcd");
        // interleaved components: each scope must still be opened once
        try (WaveformSink sink = WaveformSink.open(vcd, List.of(type, clk, valid), opts())) {
            sink.valueChanged(0, valid, 1);
            sink.valueChanged(10, type, 0);
            sink.valueChanged(10, type, 3);
            sink.valueChanged(20, type, 3);
        }
        String text = Files.readString(vcd, StandardCharsets.US_ASCII);
        assertThat(text).isEqualTo("""
                $date Mon, 1 Dec 2025 00:00:00 GMT $end
                $version virtio-sim $end
                $timescale 1ps $end
                $scope module tb $end
                  $var wire 1 " clk $end
                  $scope module link $end
                    $scope module up $end
                      $var wire 8 ! tlp_type [7:0] $end
                      $var wire 1 # valid $end
                    $upscope $end
                  $upscope $end
                $upscope $end
                $enddefinitions $end
                #0
                $dumpvars
                b10000001 !
                0"
                0#
                $end
                1#
                #10
                b0 !
                b11 !
                #20
                b11 !
                """);
        VcdCheck.passes(vcd);
    }

    @Test
    void rejectsTimeGoingBackwardsAndUntracedProbes() throws IOException {
        Kernel k = new Kernel();
        Component tb = Component.root(k, "tb", 1);
        Probe a = tb.probe("a", 1);
        Probe other = tb.probe("other", 1);
        try (WaveformSink sink = WaveformSink.open(dir.resolve("x.vcd"), List.of(a), opts())) {
            sink.valueChanged(100, a, 1);
            assertThatThrownBy(() -> sink.valueChanged(50, a, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("backwards");
            assertThatThrownBy(() -> sink.valueChanged(100, other, 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
