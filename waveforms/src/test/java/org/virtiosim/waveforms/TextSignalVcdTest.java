package org.virtiosim.waveforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtiosim.core.component.Component;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.component.TextSignal;
import org.virtiosim.core.kernel.Kernel;

/** Text signals in the VCD: decoded on the writer thread at the end of each step, written as {@code $var string}. */
class TextSignalVcdTest {
    private static final WaveOptions OPTS = WaveOptions.defaults().withDate("fixed");

    @TempDir
    Path dir;

    /** A link-like component: kind (0 idle), tag; text "K<kind> tag=<tag>" or nothing when idle. */
    private static final class Lane {
        final Kernel kernel = new Kernel();
        final Component c = Component.root(kernel, "tb", 1).child("lane");
        final Probe kind = c.probe("kind", 4);
        final Probe tag = c.probe("tag", 8);
        final Probe other = c.probe("other", 8);
        final TextSignal text = c.text("txn", Lane::format, kind, tag);

        static void format(long[] v, StringBuilder out) {
            if (v[0] != 0) {
                out.append('K').append(v[0]).append(" tag=").append(v[1]);
            }
        }

        void at(long ps, Runnable r) {
            kernel.schedule(ps, x -> r.run());
        }
    }

    private VcdReader.Dump run(Lane l, WaveOptions o, Path vcd) throws Exception {
        WaveformSink sink = WaveformSink.open(vcd, List.of(l.kind, l.tag, l.other), List.of(l.text), o);
        sink.attachTo(l.c.tracing());
        l.kernel.runUntilIdle();
        l.c.tracing().releaseDue();
        sink.close();
        return VcdReader.read(vcd);
    }

    @Test
    void textIsDecodedOncePerStepFromTheStepsLastValuesAndFollowsLaterValues() throws Exception {
        Lane l = new Lane();
        l.at(100, () -> {
            l.tag.set(3);
            l.kind.setThen(1, 150, 0); // on the lanes until 150, then idle with no event
            l.tag.set(5); // same step: the text shows the last value only
        });
        l.at(150, () -> l.other.set(9)); // the same ps as the return to idle
        l.at(200, () -> l.tag.set(6)); // a source changes while idle: the text stays empty, no line
        l.at(300, () -> {
            l.kind.setThen(2, 400, 0);
            l.other.set(1); // not a source: no text change
        });
        Path vcd = dir.resolve("t.vcd");
        VcdReader.Dump d = run(l, OPTS, vcd);

        assertThat(d.text("tb.lane.txn").changes()).containsExactly(
                new VcdReader.TextChange(0, ""),
                new VcdReader.TextChange(100, "K1 tag=5"),
                new VcdReader.TextChange(150, ""),
                new VcdReader.TextChange(300, "K2 tag=6"),
                new VcdReader.TextChange(400, ""));
        String body = Files.readString(vcd, StandardCharsets.US_ASCII);
        assertThat(body).contains("$var string 1 $ txn $end\n"); // ids after the three probes
        // Spaces escaped as GTKWave's own writer does; the decoded text comes after the step's values.
        assertThat(body).contains("#100\nb11 \"\nb1 !\nb101 \"\nsK1\\040tag=5 $\n#150\n");
        assertThat(countLines(body, "s")).isEqualTo(5); // the initial value and 4 changes
    }

    @Test
    void aWindowOpensWithTheTextOfItsStartAndTheCapCutsTextLinesToo() throws Exception {
        Lane l = new Lane();
        l.at(100, () -> l.kind.setThen(1, 500, 0));
        l.at(200, () -> l.other.set(2));
        l.at(300, () -> l.tag.set(7));
        VcdReader.Dump d = run(l, OPTS.withWindow(250, Long.MAX_VALUE), dir.resolve("w.vcd"));
        assertThat(d.text("tb.lane.txn").changes()).containsExactly(
                new VcdReader.TextChange(0, ""),
                new VcdReader.TextChange(250, "K1 tag=0"), // the snapshot at the window's start
                new VcdReader.TextChange(300, "K1 tag=7"),
                new VcdReader.TextChange(500, ""));

        Lane many = new Lane();
        for (int i = 1; i <= 2000; i++) {
            int k = i;
            many.at(10L * i, () -> many.tag.set(k & 0xFF));
            many.at(10L * i + 5, () -> many.kind.set(1 + (k & 7)));
        }
        Path capped = dir.resolve("cap.vcd");
        WaveformSink sink = WaveformSink.open(capped, List.of(many.kind, many.tag, many.other), List.of(many.text),
                OPTS.withMaxBytes(4096));
        sink.attachTo(many.c.tracing());
        many.kernel.runUntilIdle();
        sink.close();
        assertThat(sink.capped()).isTrue();
        assertThat(Files.size(capped)).isLessThanOrEqualTo(4096);
        assertThat(Files.readString(capped)).endsWith("\n");
        VcdReader.read(capped); // whole lines only
        assertThat(sink.textWritten()).isPositive();
    }

    @Test
    void everyEscapeRoundTripsThroughTheReader() throws Exception {
        Lane l = new Lane();
        String nasty = "a b\tc\\d\"e'f?g\n\u00e9";
        TextSignal t = l.c.text("raw", (v, out) -> out.append(v[0] == 0 ? "" : nasty), l.kind);
        l.at(10, () -> l.kind.set(1));
        Path vcd = dir.resolve("e.vcd");
        WaveformSink sink = WaveformSink.open(vcd, List.of(l.kind), List.of(t), OPTS);
        sink.attachTo(l.c.tracing());
        l.kernel.runUntilIdle();
        sink.close();
        String body = Files.readString(vcd, StandardCharsets.US_ASCII);
        assertThat(body).contains("sa\\040b\\tc\\\\d\\\"e\\'f\\?g\\n\\303\\251 \"\n");
        assertThat(VcdReader.read(vcd).text("tb.lane.raw").changes().get(1).text()).isEqualTo(nasty);
    }

    @Test
    void aTextWhoseSourceIsNotTracedIsRefused() throws Exception {
        Lane l = new Lane();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> WaveformSink.open(dir.resolve("r.vcd"), List.of(l.kind), List.of(l.text), OPTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tb.lane.tag is not traced");
    }

    @Test
    void decodingAllocatesNothingPerStep() throws Exception {
        Lane l = new Lane();
        int[] slotOf = {0, 1, 2};
        TextDecoder dec = new TextDecoder(List.of(l.text), slotOf, 3);
        long[] current = new long[3];
        int[] lines = new int[1];
        TextDecoder.Sink sink = (t, v, n) -> lines[0] += n;
        Runnable steps = () -> {
            for (int i = 0; i < 200_000; i++) {
                current[i & 1] = i & 0xF;
                dec.changed(i & 1);
                try {
                    dec.flush(current, sink);
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            }
        };
        steps.run(); // warm up
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        steps.run();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(lines[0]).isPositive();
        assertThat(allocated).as("bytes allocated decoding 200000 steps").isLessThan(16 * 1024);
    }

    /**
     * GTKWave's own tools read the strings back: vcd2fst then fst2vcd give every text change, at
     * its time, escaped as we wrote it. (vcd-check refuses {@code $var string} by design, so this
     * round trip is the external check of text signals; skipped where gtkwave is not installed.)
     */
    @Test
    void gtkwaveRoundTripKeepsEveryTextChange() throws Exception {
        assumeTrue(onPath("vcd2fst") && onPath("fst2vcd"), "gtkwave's vcd2fst/fst2vcd not installed");
        Lane l = new Lane();
        for (int i = 1; i <= 50; i++) {
            int k = i;
            l.at(1000L * i, () -> {
                l.tag.set(k);
                l.kind.setThen(1 + (k % 3), 1000L * k + 400, 0);
            });
        }
        Path vcd = dir.resolve("g.vcd");
        VcdReader.Dump ours = run(l, OPTS, vcd);
        Path fst = dir.resolve("g.fst");
        Path back = dir.resolve("back.vcd");
        exec("vcd2fst", vcd.toString(), fst.toString());
        exec("fst2vcd", "-f", fst.toString(), "-o", back.toString());
        List<String> theirs = new ArrayList<>();
        long t = 0;
        String id = null;
        for (String line : Files.readAllLines(back)) {
            if (line.startsWith("$var string")) {
                id = line.split(" ")[3];
            } else if (line.startsWith("#")) {
                t = Long.parseLong(line.substring(1));
            } else if (id != null && line.startsWith("s") && line.endsWith(" " + id)) {
                theirs.add(t + " " + VcdReader.unescape(line.substring(1, line.length() - id.length() - 1)));
            }
        }
        List<String> mine = ours.text("tb.lane.txn").changes().stream().map(c -> c.timePs() + " " + c.text()).toList();
        assertThat(mine).hasSize(101);
        assertThat(theirs).containsExactlyElementsOf(mine);
    }

    private static int countLines(String body, String prefix) {
        int n = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(prefix)) {
                n++;
            }
        }
        return n;
    }

    private static void exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    private static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }

}
