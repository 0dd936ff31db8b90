package org.virtiosim.waveforms;

import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.component.TextSignal;
import org.virtiosim.core.component.TraceSink;
import org.virtiosim.core.component.Tracing;

/**
 * The simulation-thread front end of every waveform file: probe changes go through an LMAX
 * Disruptor ring to one writer thread, where a {@link WaveEncoder} ({@link VcdEncoder},
 * {@link FstEncoder}) encodes them; this class holds no format.
 *
 * <p>The simulation thread only copies (time, signal, value) into a preallocated array of longs:
 * each entry of the ring is a {@link Chunk} of up to {@value #CHUNK_CHANGES} changes, claimed
 * once and published once when full, so the two threads meet once per chunk, not once per change
 * (a ring of single changes made them trade cache lines on every change whenever the ring ran
 * full). All encoding is on the writer thread. The writer parks while the ring is empty (no
 * spinning: on a machine of few cores the simulation, or another run, needs that core). The ring
 * applies back-pressure: while it is full the simulation waits for a free chunk; a change is never
 * dropped, the simulation slows to the writer's speed instead.
 *
 * <p>The time window is applied here: changes after its end are not published; changes before its
 * start only update the values the writer keeps, which open the window as a full-state snapshot
 * ({@link WaveEncoder#window}). The size cap is the encoder's; once it reports {@code capped} the
 * simulation stops publishing.
 *
 * <p>Counters: {@code published()} counts changes handed to the writer (initial values, changes
 * after the window and changes after the cap not included); {@code written()} counts the changes
 * the encoder put in the file from them. Neither counts the initial values nor the snapshot at the
 * start of a window. Both are exact after {@link #close()}: a chunk is handed over when full or
 * when the simulation thread closes the sink (a close from another thread, a shutdown hook, hands
 * over only the whole chunks).
 */
public final class WaveformSink implements TraceSink, AutoCloseable {
    /**
     * Changes per ring entry (about; a smaller ring has four chunks): the simulation and the
     * writer synchronise once per this many changes. A chunk holds them packed ({@link Chunk}):
     * 8 bytes a change of a value under 2^32 at the time of the one before, 1024 changes about 8
     * KiB, so the default ring of 2^16 changes is 64 chunks, about 0.5 MiB.
     */
    static final int CHUNK_CHANGES = 1024;
    /** How long the simulation parks while the ring is full before it looks again: about a chunk's writing time. */
    private static final long FULL_RING_PARK_NS = 20_000;
    /**
     * How long the writer parks when it has caught up, before it looks again. Polling, not a
     * blocking wait: a blocking wait makes every publish take a lock and signal a condition,
     * which JFR showed as 3.5% of the simulation thread's samples (a futex wake per chunk, since a
     * writer that keeps up is always asleep). 200 µs is about one chunk's filling time; the ring
     * holds 64, so the writer never falls behind for it, and 5000 wakes a second cost it little.
     */
    private static final long WRITER_IDLE_PARK_NS = 200_000;

    private final List<Probe> probes;
    private final Probe[] bySlot;
    private final int[] slotOf;
    /** The window's end, ps: changes after it are not written. */
    private final long toPs;
    private final WaveEncoder encoder;
    private final Disruptor<Chunk> disruptor;
    private final RingBuffer<Chunk> ring;
    private final Writer writer;
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    // Simulation thread only (filler is read by a closing thread: only the simulation thread sees itself there).
    private long published;
    private long lastTime;
    private Chunk chunk; // claimed and being filled; null when none is claimed
    // The claimed chunk's arrays and fill count, kept here while it fills: the writer reads the
    // Chunk objects (two share a cache line), and a count written there per change made that line
    // cross between the cores on every change (in process, indirect at 1024 VFs, the traced
    // simulation thread took 6.3-7.1 s with it, 4.4-5.0 s without). Chunk.count is set at hand-over.
    private long[] fillEntries;
    /** Entries of fillEntries used. */
    private int fill;
    /** Changes in them. */
    private int fillChanges;
    /** The time the chunk's last time entry gave ({@link Chunk#NO_TIME} until the first). */
    private long fillTime;
    private long chunkSeq;
    private Thread filler;

    // Read by the simulation thread, written by the writer or a closing thread.
    private volatile Throwable failure;
    private volatile boolean capped;
    private volatile boolean closing;
    /**
     * Set with any of the three above ({@link #fail}, {@link #markCapped}, close): the one volatile
     * read {@link #valueChanged} makes per change, instead of all three.
     */
    private volatile boolean halted;
    private boolean failureReported;

    /** Opens {@code file} (created or truncated) in the format its extension names, and writes the header and initial values. */
    public static WaveformSink open(Path file, List<Probe> probes, WaveOptions options) throws IOException {
        return open(file, probes, List.of(), options);
    }

    /** The same, with text signals decoded from {@code probes} as well. */
    public static WaveformSink open(Path file, List<Probe> probes, List<TextSignal> texts, WaveOptions options) throws IOException {
        return WaveFormat.of(file).open(file, probes, texts, options);
    }

    /** A VCD written to {@code out}, which the sink closes. */
    public static WaveformSink vcd(OutputStream out, List<Probe> probes, WaveOptions options) throws IOException {
        return vcd(out, probes, List.of(), options);
    }

    /** A VCD with text signals ({@code $var string}) written to {@code out}, which the sink closes. */
    public static WaveformSink vcd(OutputStream out, List<Probe> probes, List<TextSignal> texts, WaveOptions options) throws IOException {
        try {
            return new WaveformSink(new VcdEncoder(out, signals(probes, texts), options.date(), options.maxBytes()), probes, texts, options);
        } catch (IllegalArgumentException e) {
            out.close();
            throw e;
        }
    }

    /** An FST written to {@code out} (it must be empty; the writer goes back to complete the header), which the sink closes. */
    public static WaveformSink fst(SeekableByteChannel out, List<Probe> probes, WaveOptions options) throws IOException {
        return fst(out, probes, List.of(), options);
    }

    /** An FST with text signals ({@code FST_VT_GEN_STRING}). */
    public static WaveformSink fst(SeekableByteChannel out, List<Probe> probes, List<TextSignal> texts, WaveOptions options) throws IOException {
        try {
            return new WaveformSink(new FstEncoder(out, signals(probes, texts), options.date(), options.maxBytes(), options.fstPack()), probes, texts, options);
        } catch (IllegalArgumentException e) {
            out.close();
            throw e;
        }
    }

    /** The numeric signals the probes are traced as, in their order. */
    public static List<WaveSignal> signals(List<Probe> probes) {
        return signals(probes, List.of());
    }

    /** The probes' numeric signals in their order, then the text signals in theirs: the list an encoder is made with. */
    public static List<WaveSignal> signals(List<Probe> probes, List<TextSignal> texts) {
        List<WaveSignal> s = new ArrayList<>(probes.size() + texts.size());
        for (Probe p : probes) {
            s.add(WaveSignal.of(p));
        }
        for (TextSignal t : texts) {
            s.add(WaveSignal.text(t.path()));
        }
        return s;
    }

    /**
     * Traces {@code probes} through {@code encoder}, made for exactly their {@link #signals}
     * (further text signals may follow them). The header and initial values (each probe's
     * {@link Probe#value()} now) are written before this returns, at the kernel's current time
     * (0 for a simulation that has not run yet). On failure the encoder is abandoned.
     */
    public WaveformSink(WaveEncoder encoder, List<Probe> probes, WaveOptions options) throws IOException {
        this(encoder, probes, List.of(), options);
    }

    /**
     * Traces {@code probes}, and the {@code texts} decoded from them on the writer thread, through
     * {@code encoder}, made for {@link #signals(List, List)} of both.
     */
    public WaveformSink(WaveEncoder encoder, List<Probe> probes, List<TextSignal> texts, WaveOptions options) throws IOException {
        this.encoder = encoder;
        if (probes.isEmpty()) {
            encoder.abandon();
            throw new IllegalArgumentException("no probes to trace (a waveform needs at least one signal)");
        }
        this.probes = List.copyOf(probes);
        this.bySlot = this.probes.toArray(new Probe[0]);
        this.toPs = options.toPs();
        int maxId = 0;
        for (Probe p : this.probes) {
            maxId = Math.max(maxId, p.id());
        }
        slotOf = new int[maxId + 1];
        Arrays.fill(slotOf, -1);
        for (int i = 0; i < this.probes.size(); i++) {
            Probe p = this.probes.get(i);
            if (slotOf[p.id()] >= 0) {
                encoder.abandon();
                throw new IllegalArgumentException("probe listed twice: " + p.path());
            }
            slotOf[p.id()] = i;
        }
        lastTime = this.probes.get(0).owner().kernel().now();
        TextDecoder decoder;
        try {
            decoder = new TextDecoder(texts, slotOf, this.probes.size());
        } catch (IllegalArgumentException e) {
            encoder.abandon();
            throw e;
        }
        long[] initial = new long[this.probes.size()];
        for (int i = 0; i < initial.length; i++) {
            initial[i] = bySlot[i].value();
        }
        writer = new Writer(initial, decoder, this.probes.size(), options.fromPs(), lastTime);
        try {
            encoder.begin(lastTime, initial);
            writer.allTexts(lastTime); // the initial texts, with the initial values
        } catch (IOException | RuntimeException e) {
            encoder.abandon();
            throw e;
        }
        int perChunk = Math.max(1, Math.min(CHUNK_CHANGES, options.ringSize() / 4));
        disruptor = new Disruptor<>(() -> new Chunk(perChunk + Chunk.MOST_PER_CHANGE - 1), options.ringSize() / perChunk, r -> {
            Thread t = new Thread(r, "wave-writer");
            // Daemon: a sink nobody closed must not keep the JVM alive; close() (or the CLI's
            // shutdown hook) is what completes the file.
            t.setDaemon(true);
            return t;
        }, ProducerType.SINGLE, new SleepingWaitStrategy(0, WRITER_IDLE_PARK_NS));
        disruptor.handleEventsWith(writer);
        disruptor.setDefaultExceptionHandler(new FirstFailure());
        ring = disruptor.start();
        // Disruptor.shutdown() only waits for consumers that are running: a close() before the
        // writer thread got going would otherwise return at once and lose the backlog.
        awaitUninterruptibly(started);
    }

    /** Attaches this sink to exactly the probes it traces. */
    public int attachTo(Tracing tracing) {
        return tracing.attach(this, p -> p.id() < slotOf.length && slotOf[p.id()] >= 0
                && probes.get(slotOf[p.id()]) == p);
    }

    @Override
    public void valueChanged(long timePs, Probe probe, long value) {
        // At most 100 bytecodes, so that C2 inlines it into Probe's change path (the launcher
        // inlines hot methods only up to that size): the rare paths are methods of their own.
        if (halted) {
            reportFailure(); // a failed writer is reported at once; after the cap or a close, changes are ignored
            return;
        }
        if (timePs > toPs) {
            return;
        }
        int slot = slotOf(probe);
        if (timePs < lastTime) {
            // §18.2: times only increase; GTKWave would silently merge a step that goes back.
            throw backwards(timePs);
        }
        lastTime = timePs;
        if (chunk == null && claim() == null) {
            return; // closed while waiting for room
        }
        append(timePs, slot, value);
    }

    /** Copies one change into the chunk being filled, handing the chunk over when full. */
    private void append(long timePs, int slot, long value) {
        // Under 100 bytecodes, as valueChanged: the time and wide entries are methods of their own.
        int i = timePs == fillTime ? fill : timeEntry(timePs);
        long[] e = fillEntries;
        if ((value >>> 32) == 0) {
            e[i++] = (long) slot << 32 | value;
        } else {
            i = wideEntry(i, slot, value);
        }
        fill = i;
        fillChanges++;
        if (i > e.length - Chunk.MOST_PER_CHANGE) {
            handOver();
        }
    }

    /** Writes a time entry for the changes from here on; returns the next free entry. */
    private int timeEntry(long timePs) {
        int i = fill;
        fillEntries[i] = Chunk.TIME;
        fillEntries[i + 1] = timePs;
        fillTime = timePs;
        return i + 2;
    }

    /** Writes a change to a value of 2^32 or more at entry i; returns the next free entry. */
    private int wideEntry(int i, int slot, long value) {
        fillEntries[i] = Chunk.WIDE | slot;
        fillEntries[i + 1] = value;
        return i + 2;
    }

    private void reportFailure() {
        Throwable f = failure;
        if (f != null) {
            failureReported = true;
            throw asUnchecked(f);
        }
    }

    /** The probe's slot in this waveform; refuses a probe it does not trace. */
    private int slotOf(Probe probe) {
        int id = probe.id();
        int slot = id < slotOf.length ? slotOf[id] : -1;
        if (slot < 0 || bySlot[slot] != probe) {
            throw new IllegalArgumentException("probe " + probe.path() + " is not traced by this waveform");
        }
        return slot;
    }

    private IllegalArgumentException backwards(long timePs) {
        return new IllegalArgumentException("time goes backwards: " + timePs + " ps < " + lastTime + " ps");
    }

    /** The next free chunk; waits while the ring is full (back-pressure, never a drop); null if the sink closes meanwhile. */
    private Chunk claim() {
        while (true) {
            try {
                chunkSeq = ring.tryNext();
                break;
            } catch (InsufficientCapacityException full) {
                if (closing) {
                    return null;
                }
                Throwable f = failure;
                if (f != null) {
                    failureReported = true;
                    throw asUnchecked(f);
                }
                LockSupport.parkNanos(FULL_RING_PARK_NS);
            }
        }
        Chunk c = ring.get(chunkSeq);
        chunk = c;
        fillEntries = c.entries;
        fill = 0;
        fillChanges = 0;
        fillTime = Chunk.NO_TIME;
        filler = Thread.currentThread();
        return c;
    }

    /** Publishes the chunk being filled (the writer wakes for it). */
    private void handOver() {
        chunk.count = fill;
        published += fillChanges;
        chunk = null;
        ring.publish(chunkSeq);
    }

    /** Changes handed to the writer thread (see the class comment). */
    public long published() {
        return published;
    }

    /** Change lines written (see the class comment); exact after {@link #close()}. */
    public long written() {
        return encoder.written();
    }

    /**
     * Text changes written (the texts' values with the initial values and at a window's start
     * included: a text signal's first value is one of its changes); exact after {@link #close()}.
     */
    public long textWritten() {
        return encoder.textWritten();
    }

    /** True once the size cap stopped the trace; the file is complete up to the last whole line. */
    public boolean capped() {
        return capped;
    }

    /** Bytes in the file; exact after {@link #close()}. */
    public long bytes() {
        return encoder.bytes();
    }

    /**
     * Waits until every published change is written, then flushes and closes the file. Idempotent
     * and callable from any thread, a shutdown hook included: later changes are ignored, and a
     * second caller waits for the first to finish. Throws the writer's I/O failure if the
     * simulation has not seen it yet.
     */
    @Override
    public void close() {
        if (closeStarted.compareAndSet(false, true)) {
            if (chunk != null && filler == Thread.currentThread()) {
                handOver(); // the simulation thread closes: its last changes go too
            }
            closing = true;
            halted = true;
            // Disruptor.shutdown() busy-spins until the writer has handled every published chunk;
            // park instead, the writer needs the core. Then it halts the writer, whose onShutdown
            // flushes and closes the file and counts `finished` down.
            while (disruptor.getSequenceValueFor(writer) < ring.getCursor()) {
                LockSupport.parkNanos(FULL_RING_PARK_NS);
            }
            disruptor.shutdown();
        }
        awaitUninterruptibly(finished);
        Throwable f = failure;
        if (f != null && !failureReported) {
            failureReported = true;
            throw asUnchecked(f);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps the writer's first failure, for the simulation thread to throw at its next change. */
    private void fail(Throwable e) {
        if (failure == null) {
            failure = e;
            halted = true;
        }
    }

    /** The encoder reached the size cap: later changes are ignored. */
    private void markCapped() {
        capped = true;
        halted = true;
    }

    private static RuntimeException asUnchecked(Throwable f) {
        if (f instanceof IOException io) {
            return new UncheckedIOException("waveform writer failed: " + io.getMessage(), io);
        }
        if (f instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException("waveform writer failed", f);
    }

    /** A preallocated, reused ring entry: changes packed in its {@link #entries}, no allocation per change. */
    static final class Chunk {
        /**
         * Entry: the time of the changes after it is the next entry. Every chunk starts with one,
         * and a change at the time of the change before it has none: most changes come several at
         * one picosecond (a TLP's type, tag, address and length).
         */
        static final long TIME = Long.MIN_VALUE;
        /** Entry {@code WIDE | slot}: a change of that slot to the value in the next entry (one of 2^32 or more). */
        static final long WIDE = 0xC000_0000_0000_0000L;
        /** A time no change has (kernel time is never negative): the next change starts with a time entry. */
        static final long NO_TIME = Long.MIN_VALUE;
        /** The most entries one change takes: a time entry, the time, a wide entry, the value. */
        static final int MOST_PER_CHANGE = 4;

        /**
         * The changes, packed so that the simulation writes (and the writer's core hands back)
         * 8 bytes a change, not 20: entry {@code slot << 32 | value} (not negative) is a change of
         * that slot to a value under 2^32; otherwise {@link #TIME} or {@link #WIDE}.
         */
        final long[] entries;
        /** Entries used. */
        int count;

        Chunk(int entries) {
            this.entries = new long[entries];
        }
    }

    /** Keeps the first failure for the producer to rethrow; the writer then discards events so the ring keeps draining. */
    private final class FirstFailure implements ExceptionHandler<Chunk> {
        @Override
        public void handleEventException(Throwable ex, long sequence, Chunk event) {
            record(ex);
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            record(ex);
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            record(ex);
        }

        private void record(Throwable ex) {
            fail(ex);
        }
    }

    /** The consumer: keeps each signal's value for a window's opening snapshot and hands every change to the encoder. */
    private final class Writer implements EventHandler<Chunk>, TextDecoder.Sink {
        /**
         * The sink's encoder, held here: read through the sink per change, it shared a cache line
         * with the fields the simulation writes per change, and that line crossed between the cores.
         */
        private final WaveEncoder encoder = WaveformSink.this.encoder;
        private final long[] current;
        private final long fromPs;
        private boolean windowStarted;
        private final TextDecoder texts;
        /** Encoder index of text signal 0: text signals follow the probes. */
        private final int firstText;
        /** The time step the decoder's pending changes belong to. */
        private long textTime;
        /** A decoded text's characters and its UTF-8 bytes, reused: the JDK's encoder, no allocation per text. */
        private final char[] chars = new char[TextDecoder.MAX_CHARS];
        private final java.nio.CharBuffer charView = java.nio.CharBuffer.wrap(chars);
        private final byte[] utf8 = new byte[4 * TextDecoder.MAX_CHARS];
        private final java.nio.ByteBuffer utf8View = java.nio.ByteBuffer.wrap(utf8);
        private final java.nio.charset.CharsetEncoder toUtf8 = java.nio.charset.StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);

        Writer(long[] initial, TextDecoder texts, int firstText, long fromPs, long startPs) {
            this.current = initial.clone();
            this.texts = texts;
            this.firstText = firstText;
            this.fromPs = fromPs;
            this.textTime = startPs;
            // A window that starts at or before the initial dump needs no snapshot: the initial values are one.
            this.windowStarted = fromPs <= startPs;
        }

        @Override
        public void onEvent(Chunk c, long sequence, boolean endOfBatch) throws IOException {
            // Looked at once per chunk, not per change: the sink's flags share a cache line with
            // fields the simulation writes per change. A failure ends this call by its exception;
            // the cap is seen from change()'s answer.
            if (failure != null || capped) {
                return; // dead or capped: keep draining so the producer never blocks
            }
            long[] e = c.entries;
            long t = Chunk.NO_TIME;
            for (int i = 0, n = c.count; i < n; ) {
                long x = e[i++];
                boolean more;
                if (x >= 0) {
                    more = change(t, (int) (x >>> 32), x & 0xFFFF_FFFFL);
                } else if ((x & Chunk.WIDE) == Chunk.WIDE) {
                    more = change(t, (int) x, e[i++]);
                } else {
                    t = e[i++];
                    more = true;
                }
                if (!more) {
                    return;
                }
            }
        }

        /** Handles one change; false once the size cap is reached. */
        private boolean change(long t, int s, long v) throws IOException {
            if (t != textTime && texts.pending()) {
                flushTexts(); // the previous time step is complete: its texts go at its time
                if (encoder.capped()) {
                    markCapped();
                    return false;
                }
            }
            textTime = t;
            if (t < fromPs) {
                current[s] = v; // kept for the snapshot that opens the window
                texts.changed(s);
                return true;
            }
            if (!windowStarted) {
                windowStarted = true;
                encoder.window(fromPs, current);
                allTexts(fromPs);
            }
            current[s] = v;
            texts.changed(s);
            encoder.change(t, s, v);
            if (encoder.capped()) {
                markCapped();
                return false;
            }
            return true;
        }

        /** The text changes of the time step {@code textTime}; before the window only forgotten (the window's snapshot decodes all). */
        private void flushTexts() throws IOException {
            if (textTime < fromPs) {
                texts.discard();
            } else {
                texts.flush(current, this);
            }
        }

        /** Every text's value at {@code t}, changed or not: with the initial values and at a window's start. */
        void allTexts(long t) throws IOException {
            long was = textTime;
            textTime = t;
            texts.all(current, this);
            textTime = was;
        }

        /** A decoded text change, at {@code textTime}, to the encoder as UTF-8. */
        @Override
        public void text(int t, char[] value, int n) throws IOException {
            boolean ascii = true;
            for (int i = 0; i < n; i++) {
                char ch = value[i];
                utf8[i] = (byte) ch;
                ascii &= ch < 0x80;
            }
            if (ascii) {
                // nearly every text (a TLP, a command, a handler): its UTF-8 is its chars
                encoder.text(textTime, firstText + t, utf8, 0, n);
                return;
            }
            System.arraycopy(value, 0, chars, 0, n);
            charView.clear().limit(n);
            utf8View.clear();
            toUtf8.reset();
            toUtf8.encode(charView, utf8View, true);
            toUtf8.flush(utf8View);
            encoder.text(textTime, firstText + t, utf8, 0, utf8View.position());
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onShutdown() {
            try {
                if (failure == null) {
                    if (texts.pending() && !capped) {
                        flushTexts(); // the last time step's texts
                    }
                    encoder.finish();
                    if (encoder.capped()) {
                        markCapped();
                    }
                } else {
                    encoder.abandon();
                }
            } catch (IOException | RuntimeException e) {
                fail(e);
                encoder.abandon();
            } finally {
                finished.countDown();
            }
        }
    }
}
