package org.virtiosim.jmh;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.virtiosim.core.component.Component;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.component.TraceSink;
import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.waveforms.WaveOptions;
import org.virtiosim.waveforms.WaveformSink;

/**
 * The simulation thread's tracing work for one TLP, as a link does it: its type with a later idle
 * value ({@link Probe#setThen}), then tag, address, length and (every other TLP, a completion's)
 * status. {@code sum}: a sink that only sums what it is told, so the figure is the probes' own
 * cost; {@code vcd}: a waveform sink, what the simulation thread pays with its writer on the other
 * core; {@code untraced}: no sink. One operation is one TLP, one kernel event: an invocation fires
 * 1000. The three side by side say what tracing adds per TLP apart from the model around it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TlpTraceBenchmark {

    /** What listens: nothing, a sink that only sums, or a waveform sink whose writer thread encodes a VCD into a discarding stream. */
    @Param({"untraced", "sum", "vcd"})
    String sink;

    /**
     * The model around the link, as memory: each TLP also updates {@value #MODEL_TOUCHES} random
     * words of an array this large (0: none). A 4096-VF model does not fit in the caches, and the
     * tracing work must share them with it.
     */
    @Param({"0", "64"})
    int modelMiB;

    private static final int MODEL_TOUCHES = 8;
    private long[] model;
    private WaveformSink waveform;

    private Kernel kernel;
    private Probe type;
    private Probe[] probes;
    private long sum;
    private InvocationBatch batch;

    /** Sums every change, so nothing is dead code. */
    private final class Summing implements TraceSink {
        @Override
        public void valueChanged(long timePs, Probe probe, long value) {
            sum += timePs ^ value;
        }
    }

    private final class Tlps implements Handler {
        private long lcg = 12345;

        @Override
        public void handle(long n) {
            lcg = lcg * 6364136223846793005L + 1442695040888963407L;
            long tag = lcg >>> 54;
            long address = 0x8_0000_0000L | (lcg >>> 20 & ~3L);
            long length = 1 + (lcg >>> 60);
            if (model != null) {
                long r = lcg;
                for (int i = 0; i < MODEL_TOUCHES; i++) {
                    r = r * 6364136223846793005L + 1442695040888963407L;
                    model[(int) (r >>> 40) & (model.length - 1)] += n;
                }
            }
            // on the lanes for 8 ns, the next TLP 10 ns later: the idle value is released by it
            type.setThen(1 + (n & 7), kernel.now() + 8_000, 0);
            probes[0].set(tag);
            probes[1].set(address);
            probes[2].set(length);
            if ((n & 1) != 0) {
                probes[3].set(n >> 1 & 7);
            }
            kernel.scheduleIn(10_000, this, n + 1);
            batch.fired();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        kernel = new Kernel();
        batch = new InvocationBatch(kernel);
        model = modelMiB == 0 ? null : new long[modelMiB << 17];
        Component link = Component.root(kernel, "link", 1);
        type = link.probe("tlp_type", 4);
        probes = new Probe[] {link.probe("tlp_tag", 10), link.probe("tlp_address", 64), link.probe("tlp_length_dw", 11),
                link.probe("tlp_status", 3)};
        if ("vcd".equals(sink)) {
            try {
                waveform = WaveformSink.vcd(OutputStream.nullOutputStream(), link.tracing().probes(), WaveOptions.defaults());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            waveform.attachTo(link.tracing());
        } else if ("sum".equals(sink)) {
            link.tracing().attach(new Summing(), p -> true);
        }
        kernel.schedule(0, new Tlps(), 0);
        for (int i = 0; i < 1000; i++) {
            kernel.runUntilIdle();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (waveform != null) {
            waveform.close();
        }
    }

    /** Traces exactly 1000 TLPs. */
    @Benchmark
    @OperationsPerInvocation(InvocationBatch.SIZE)
    public long traceTlps() {
        kernel.runUntilIdle();
        return sum;
    }
}
