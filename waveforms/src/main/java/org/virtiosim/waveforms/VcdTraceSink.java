package org.virtiosim.waveforms;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.component.TextSignal;
import org.virtiosim.core.component.TraceSink;
import org.virtiosim.core.component.Tracing;

/**
 * Writes probe changes as a four-state VCD file (IEEE 1364-2005 §18.2) held to the subset that
 * GTKWave and Surfer read alike (see {@code VCD-NOTES.md}, "Writer rules").
 *
 * <p>The simulation thread only copies (time, signal, value) into preallocated primitive arrays:
 * each entry of the LMAX Disruptor ring is a {@link Chunk} of up to {@value #CHUNK_CHANGES}
 * changes, claimed once and published once when full, so the two threads meet once per chunk, not
 * once per change (a ring of single changes made them trade cache lines on every change whenever
 * the ring ran full). One writer thread formats and writes, all encoding there. The writer blocks
 * while the ring is empty (no spinning: on a machine of few cores the simulation, or another run,
 * needs that core). The ring applies back-pressure: while it is full the simulation waits for a
 * free chunk; a change is never dropped, the simulation slows to the writer's speed instead.
 *
 * <p>What is written: every change the simulation reports, in order, one line each. Several
 * changes of one signal in one time step are all written (§18.2.1: the last one counts, and
 * GTKWave's FST round trip keeps them all), so {@link #published()} equals {@link #written()}
 * when neither a window nor the cap cuts. A change to the value the signal already has is written
 * too; {@link Probe#set} never reports one, so in practice there are none.
 *
 * <p>Counters: {@code published()} counts changes handed to the writer (initial values, changes
 * after the window and changes after the cap not included); {@code written()} counts change lines
 * written from them. Neither counts the initial {@code $dumpvars} values nor the full-state
 * snapshot at the start of a window. Both are exact after {@link #close()}: a chunk is handed
 * over when full or when the simulation thread closes the sink (a close from another thread, a
 * shutdown hook, hands over only the whole chunks).
 *
 * <p>Text signals ({@link TextSignal}: a TLP, an admin command, a firmware handler as one line)
 * are decoded on the writer thread by a {@link TextDecoder} from the values of their source probes
 * at the end of each time step in which one of them changed, and written as the GTKWave/Surfer
 * extension {@code $var string 1 <id> <name> $end} with changes {@code s<text> <id>}. A viewer
 * reads a value up to white space, so white space and backslashes inside the text are escaped the
 * way GTKWave's own writer escapes them ({@code fstUtilityBinToEsc} in fstapi.c: a space is
 * {@code \040}), which GTKWave's VCD loaders and vcd2fst decode ({@code fstUtilityEscToBin}).
 * Text lines are counted apart ({@link #textWritten()}); they add nothing on the simulation thread.
 */
public final class VcdTraceSink implements TraceSink, AutoCloseable {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int BUFFER_BYTES = 1 << 20;
    /**
     * Room made before a change is written: its time line ('#' + 19 digits + '\n') and its value
     * line ('b' + 64 bits + ' ' + id (at most 5 chars for 2^31 signals) + '\n') together, 94 bytes,
     * plus the 8-byte store that writes the suffix.
     */
    private static final int LINE_ROOM = 128;
    /**
     * Changes per ring entry (at most; a smaller ring has four chunks): the simulation and the
     * writer synchronise once per this many changes. 1024 changes are 20 KiB of arrays, so the
     * default ring of 2^16 changes is 64 chunks, 1.3 MiB.
     */
    static final int CHUNK_CHANGES = 1024;
    /** How long the simulation parks while the ring is full before it looks again: about a chunk's writing time. */
    private static final long FULL_RING_PARK_NS = 20_000;

    private final List<Probe> probes;
    private final Probe[] bySlot;
    private final int[] slotOf;
    private final VcdOptions options;
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
    private long chunkSeq;
    private Thread filler;

    // Read by the simulation thread, written by the writer or a closing thread.
    private volatile Throwable failure;
    private volatile boolean capped;
    private volatile boolean closing;
    private boolean failureReported;

    /** Opens {@code file} (created or truncated) and writes the header and initial values. */
    public static VcdTraceSink open(Path file, List<Probe> probes, VcdOptions options) throws IOException {
        return new VcdTraceSink(Files.newOutputStream(file), probes, List.of(), options);
    }

    /** Opens {@code file} with text signals decoded from {@code probes} as well. */
    public static VcdTraceSink open(Path file, List<Probe> probes, List<TextSignal> texts, VcdOptions options) throws IOException {
        return new VcdTraceSink(Files.newOutputStream(file), probes, texts, options);
    }

    /** Writes to {@code out} without text signals; see {@link #VcdTraceSink(OutputStream, List, List, VcdOptions)}. */
    public VcdTraceSink(OutputStream out, List<Probe> probes, VcdOptions options) throws IOException {
        this(out, probes, List.of(), options);
    }

    /**
     * Writes to {@code out}, which this sink closes. The header and initial values (each probe's
     * {@link Probe#value()} now) are written before this returns, at the kernel's current time
     * (#0 for a simulation that has not run yet).
     */
    public VcdTraceSink(OutputStream out, List<Probe> probes, List<TextSignal> texts, VcdOptions options) throws IOException {
        if (probes.isEmpty()) {
            out.close();
            throw new IllegalArgumentException("no probes to trace (a VCD needs at least one $var)");
        }
        this.probes = List.copyOf(probes);
        this.bySlot = this.probes.toArray(new Probe[0]);
        this.options = options;
        int maxId = 0;
        for (Probe p : this.probes) {
            maxId = Math.max(maxId, p.id());
        }
        slotOf = new int[maxId + 1];
        Arrays.fill(slotOf, -1);
        for (int i = 0; i < this.probes.size(); i++) {
            Probe p = this.probes.get(i);
            if (slotOf[p.id()] >= 0) {
                out.close();
                throw new IllegalArgumentException("probe listed twice: " + p.path());
            }
            slotOf[p.id()] = i;
        }
        lastTime = this.probes.get(0).owner().kernel().now();
        TextDecoder decoder;
        try {
            decoder = new TextDecoder(texts, slotOf, this.probes.size());
        } catch (IllegalArgumentException e) {
            out.close();
            throw e;
        }
        writer = new Writer(out, this.probes, decoder, options, lastTime);
        try {
            writer.writeHeader();
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
        int perChunk = Math.max(1, Math.min(CHUNK_CHANGES, options.ringSize() / 4));
        disruptor = new Disruptor<>(() -> new Chunk(perChunk), options.ringSize() / perChunk, r -> {
            Thread t = new Thread(r, "vcd-writer");
            // Daemon: a sink nobody closed must not keep the JVM alive; close() (or the CLI's
            // shutdown hook) is what completes the file.
            t.setDaemon(true);
            return t;
        }, ProducerType.SINGLE, new BlockingWaitStrategy());
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
        Throwable f = failure;
        if (f != null) {
            failureReported = true;
            throw asUnchecked(f);
        }
        if (closing || capped || timePs > options.toPs()) {
            return;
        }
        int id = probe.id();
        int slot = id < slotOf.length ? slotOf[id] : -1;
        if (slot < 0 || bySlot[slot] != probe) {
            throw new IllegalArgumentException("probe " + probe.path() + " is not traced by this VCD");
        }
        if (timePs < lastTime) {
            // §18.2: times only increase; GTKWave would silently merge a step that goes back.
            throw new IllegalArgumentException("time goes backwards: " + timePs + " ps < " + lastTime + " ps");
        }
        lastTime = timePs;
        Chunk c = chunk;
        if (c == null) {
            c = claim();
            if (c == null) {
                return; // closed while waiting for room
            }
        }
        int i = c.count;
        c.time[i] = timePs;
        c.slot[i] = slot;
        c.value[i] = value;
        c.count = ++i;
        if (i == c.time.length) {
            handOver();
        }
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
        c.count = 0;
        chunk = c;
        filler = Thread.currentThread();
        return c;
    }

    /** Publishes the chunk being filled (the writer wakes for it). */
    private void handOver() {
        published += chunk.count;
        chunk = null;
        ring.publish(chunkSeq);
    }

    /** Changes handed to the writer thread (see the class comment). */
    public long published() {
        return published;
    }

    /** Change lines written (see the class comment); exact after {@link #close()}. */
    public long written() {
        return writer.written;
    }

    /** Text change lines written (initial values and a window's snapshot not included); exact after {@link #close()}. */
    public long textWritten() {
        return writer.textWritten;
    }

    /** True once the size cap stopped the trace; the file is complete up to the last whole line. */
    public boolean capped() {
        return capped;
    }

    /** Bytes in the file; exact after {@link #close()}. */
    public long bytes() {
        return writer.flushedBytes + writer.pos;
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

    private static RuntimeException asUnchecked(Throwable f) {
        if (f instanceof IOException io) {
            return new UncheckedIOException("VCD writer failed: " + io.getMessage(), io);
        }
        if (f instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException("VCD writer failed", f);
    }

    /**
     * Identifier code of the n-th signal: printable ASCII 33..126, shortest first ({@code !} ..
     * {@code ~}, then {@code !!}, {@code "!}, ...), dense so that readers can index an array
     * (§18.2.1 allows any printable code; Surfer is fastest with dense ones).
     */
    static String idCode(int n) {
        StringBuilder sb = new StringBuilder(4);
        long k = n;
        do {
            sb.append((char) (33 + k % 94));
            k = k / 94 - 1;
        } while (k >= 0);
        return sb.toString();
    }

    /** A preallocated, reused ring entry: up to its length of changes as primitives, no allocation per change. */
    static final class Chunk {
        final long[] time;
        final int[] slot;
        final long[] value;
        int count;

        Chunk(int changes) {
            time = new long[changes];
            slot = new int[changes];
            value = new long[changes];
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
            if (failure == null) {
                failure = ex;
            }
        }
    }

    /** The consumer: formats lines into a large byte buffer and hands it to the stream when full. */
    private final class Writer implements EventHandler<Chunk>, TextDecoder.Sink {
        private final OutputStream out;
        private final List<Probe> signals;
        private final TextDecoder texts;
        /** Per text signal, ' ' + its id + '\n'. */
        private final byte[][] textSuffix;
        /** The time step the decoder's pending changes belong to. */
        private long textTime;
        /** Writing every text's value (initial dump, window snapshot): not counted. */
        private boolean allTexts;
        private boolean inHeader;
        private long textWritten;
        // Per signal, what follows the value: id + '\n' (scalar) or ' ' + id + '\n' (vector), at most
        // 7 bytes, packed first byte lowest for one 8-byte store, and its length.
        private final long[] suffix;
        private final byte[] suffixLength;
        private final int[] width;
        private final long[] current;
        private final long fromPs;
        private final long startPs;
        private final long maxBytes;
        private final byte[] buf = new byte[BUFFER_BYTES];
        private int pos;
        private long flushedBytes;
        private long lastWrittenTime;
        private boolean windowStarted;
        private long written;

        Writer(OutputStream out, List<Probe> signals, TextDecoder texts, VcdOptions o, long startPs) {
            this.out = out;
            this.signals = signals;
            this.texts = texts;
            int n = signals.size();
            textSuffix = new byte[texts.size()][];
            for (int t = 0; t < texts.size(); t++) {
                textSuffix[t] = (" " + idCode(n + t) + "\n").getBytes(StandardCharsets.US_ASCII);
            }
            suffix = new long[n];
            suffixLength = new byte[n];
            width = new int[n];
            current = new long[n];
            for (int i = 0; i < n; i++) {
                String id = idCode(i);
                width[i] = signals.get(i).width();
                byte[] suf = ((width[i] == 1 ? "" : " ") + id + "\n").getBytes(StandardCharsets.US_ASCII);
                for (int b = suf.length - 1; b >= 0; b--) {
                    suffix[i] = suffix[i] << 8 | (suf[b] & 0xFF);
                }
                suffixLength[i] = (byte) suf.length;
                current[i] = signals.get(i).value();
            }
            this.fromPs = o.fromPs();
            this.startPs = startPs;
            this.maxBytes = o.maxBytes();
            this.lastWrittenTime = startPs;
            // A window that starts at or before the initial dump needs no snapshot: $dumpvars is one.
            this.windowStarted = fromPs <= startPs;
        }

        /** §18.2.1 header, one declaration per line, spaces only, then #start $dumpvars with every signal. */
        void writeHeader() throws IOException {
            StringBuilder h = new StringBuilder(256 + 64 * signals.size());
            h.append("$date ").append(options.date()).append(" $end\n");
            h.append("$version virtio-sim $end\n");
            h.append("$timescale 1ps $end\n");
            Scope root = new Scope("");
            for (int i = 0; i < signals.size(); i++) {
                String[] seg = signals.get(i).path().split("\\.", -1);
                if (seg.length < 2) {
                    throw new IllegalArgumentException("probe path '" + signals.get(i).path() + "' has no component");
                }
                for (String s : seg) {
                    if (!SEGMENT.matcher(s).matches()) {
                        // '.', ':', '[' and friends make GTKWave misread the hierarchy (VCD-NOTES pitfalls).
                        throw new IllegalArgumentException("probe path '" + signals.get(i).path() + "': bad segment '" + s + "'");
                    }
                }
                scopeOf(root, seg).signals.add(i);
            }
            for (int t = 0; t < texts.size(); t++) {
                // plain names already: Component checks them
                scopeOf(root, texts.signal(t).path().split("\\.", -1)).texts.add(t);
            }
            // Scopes are grouped as a tree (in order of first appearance) so each is opened once,
            // even when the probe list interleaves components; ids still follow the list order.
            for (Scope s : root.children.values()) {
                declare(h, s, 0);
            }
            h.append("$enddefinitions $end\n"); // the body starts on the next line (Surfer skips to it)
            h.append('#').append(startPs).append('\n');
            h.append("$dumpvars\n");
            appendAscii(h);
            for (int i = 0; i < signals.size(); i++) {
                if (pos + LINE_ROOM > buf.length) {
                    flush();
                }
                putValue(i, current[i]);
            }
            inHeader = true;
            allTexts(startPs); // part of the header: never cut by the cap
            inHeader = false;
            appendAscii(new StringBuilder("$end\n"));
        }

        private Scope scopeOf(Scope root, String[] seg) {
            Scope sc = root;
            for (int k = 0; k < seg.length - 1; k++) {
                sc = sc.children.computeIfAbsent(seg[k], Scope::new);
            }
            return sc;
        }

        private void declare(StringBuilder h, Scope s, int depth) {
            String indent = "  ".repeat(depth);
            h.append(indent).append("$scope module ").append(s.name).append(" $end\n");
            for (int i : s.signals) {
                Probe p = signals.get(i);
                h.append(indent).append("  $var wire ").append(p.width()).append(' ').append(idCode(i))
                        .append(' ').append(p.name());
                if (p.width() > 1) {
                    h.append(" [").append(p.width() - 1).append(":0]"); // range as its own token
                }
                h.append(" $end\n");
            }
            for (int t : s.texts) {
                // GTKWave/Surfer extension; the size is ignored for strings (GTKWave sets it to 1).
                h.append(indent).append("  $var string 1 ").append(idCode(signals.size() + t)).append(' ')
                        .append(texts.signal(t).name()).append(" $end\n");
            }
            for (Scope c : s.children.values()) {
                declare(h, c, depth + 1);
            }
            h.append(indent).append("$upscope $end\n");
        }

        private void appendAscii(StringBuilder sb) throws IOException {
            byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
            int off = 0;
            while (off < b.length) {
                if (pos == buf.length) {
                    flush();
                }
                int n = Math.min(b.length - off, buf.length - pos);
                System.arraycopy(b, off, buf, pos, n);
                pos += n;
                off += n;
            }
            sb.setLength(0);
        }

        @Override
        public void onEvent(Chunk c, long sequence, boolean endOfBatch) throws IOException {
            long[] times = c.time;
            int[] slots = c.slot;
            long[] values = c.value;
            for (int i = 0, n = c.count; i < n; i++) {
                if (failure != null || capped) {
                    return; // dead or capped: keep draining so the producer never blocks
                }
                change(times[i], slots[i], values[i]);
            }
        }

        private void change(long t, int s, long v) throws IOException {
            if (t != textTime && texts.pending()) {
                flushTexts(); // the previous time step is complete: its texts go at its time
                if (capped) {
                    return;
                }
            }
            textTime = t;
            if (t < fromPs) {
                current[s] = v; // kept for the snapshot that opens the window
                texts.changed(s);
                return;
            }
            if (!windowStarted) {
                windowStarted = true;
                snapshot();
                if (capped) {
                    return;
                }
            }
            current[s] = v;
            texts.changed(s);
            if (line(t, s, v)) {
                written++;
            }
        }

        /** Writes the text changes of the time step {@code textTime}; before the window they are only forgotten (the snapshot decodes all). */
        private void flushTexts() throws IOException {
            if (textTime < fromPs) {
                texts.discard();
            } else {
                texts.flush(current, this);
            }
        }

        /** Every text's value at {@code t}, changed or not (not counted). */
        private void allTexts(long t) throws IOException {
            long was = textTime;
            textTime = t;
            allTexts = true;
            texts.all(current, this);
            allTexts = false;
            textTime = was;
        }

        /** A text change at {@code textTime}: {@code s<escaped text> <id>}; stops at the cap like any line. */
        @Override
        public void text(int t, CharSequence value) throws IOException {
            if (capped) {
                return;
            }
            // Room: 's', four bytes per escaped char at most, the suffix.
            int mark = startLine(textTime, 4 * value.length() + textSuffix[t].length + 1);
            buf[pos++] = 's';
            for (int i = 0, n = value.length(); i < n; i++) {
                putEscaped(value.charAt(i));
            }
            byte[] suf = textSuffix[t];
            System.arraycopy(suf, 0, buf, pos, suf.length);
            pos += suf.length;
            if ((inHeader || endLine(mark, textTime)) && !allTexts) {
                textWritten++;
            }
        }

        /**
         * One character as GTKWave's fstUtilityBinToEsc writes it: C escapes for BEL, BS, FF, LF,
         * CR, TAB, VT, ' " \\ and ?, printable ASCII other than the space as itself, anything else
         * as a three-digit octal escape (a space is \040). Outside Latin-1: '?'.
         */
        private void putEscaped(char c) {
            char e = switch (c) {
                case 7 -> 'a';
                case '\b' -> 'b';
                case '\f' -> 'f';
                case '\n' -> 'n';
                case '\r' -> 'r';
                case '\t' -> 't';
                case 11 -> 'v';
                case '\'', '"', '\\', '?' -> c;
                default -> 0;
            };
            if (e != 0) {
                buf[pos++] = '\\';
                buf[pos++] = (byte) e;
            } else if (c > ' ' && c <= '~') {
                buf[pos++] = (byte) c;
            } else {
                int b = c > 0xFF ? '?' : c;
                buf[pos++] = '\\';
                buf[pos++] = (byte) ('0' + (b >> 6));
                buf[pos++] = (byte) ('0' + ((b >> 3) & 7));
                buf[pos++] = (byte) ('0' + (b & 7));
            }
        }

        /** Every signal's value just before {@code fromPs}, at {@code #fromPs}: the window opens with full state. */
        private void snapshot() throws IOException {
            for (int i = 0; i < signals.size() && !capped; i++) {
                line(fromPs, i, current[i]);
            }
            allTexts(fromPs);
        }

        /** Writes {@code #t} if time advanced, then the change; false (and capped) if that would pass the cap. */
        private boolean line(long t, int s, long v) throws IOException {
            int mark = startLine(t, 0);
            putValue(s, v);
            return endLine(mark, t);
        }

        /** Makes room for a line of {@code extra} bytes beyond {@link #LINE_ROOM}, writes {@code #t} if time advanced; returns where the line began. */
        private int startLine(long t, int extra) throws IOException {
            if (pos + LINE_ROOM + extra > buf.length) {
                flush();
            }
            int mark = pos;
            if (t != lastWrittenTime) {
                buf[pos++] = '#';
                putDecimal(t);
                buf[pos++] = '\n';
            }
            return mark;
        }

        /** Ends the line begun at {@code mark}: false (and capped, the line taken back) if it would pass the cap. */
        private boolean endLine(int mark, long t) {
            if (flushedBytes + pos > maxBytes) {
                pos = mark; // stop at the previous whole line: the file stays valid
                capped = true;
                return false;
            }
            lastWrittenTime = t;
            return true;
        }

        /**
         * §18.2.3.8: scalar "0!" with no space; vector "b<bits> id", leading zeros dropped (the
         * reader zero-extends). The caller has made {@link #LINE_ROOM} bytes of room.
         */
        private void putValue(int s, long v) {
            if (width[s] == 1) {
                buf[pos++] = (byte) ('0' + (int) (v & 1));
            } else {
                buf[pos++] = 'b';
                int bits = Math.max(1, 64 - Long.numberOfLeadingZeros(v));
                int lead = bits & 7;
                if (lead != 0) {
                    // the top part-byte: its eight digits moved up past the leading zeros, stored
                    // whole, only its own digits kept (the next store overwrites the rest)
                    EIGHT_DIGITS.set(buf, pos, BYTE_DIGITS[(int) (v >>> (bits - lead)) & 0xFF] << ((8 - lead) << 3));
                    pos += lead;
                }
                for (int b = bits - lead; b > 0; ) { // then eight digits per whole byte of the value
                    b -= 8;
                    EIGHT_DIGITS.set(buf, pos, BYTE_DIGITS[(int) (v >>> b) & 0xFF]);
                    pos += 8;
                }
            }
            SUFFIX_BYTES.set(buf, pos, suffix[s]); // all eight bytes; only the suffix's count
            pos += suffixLength[s];
        }

        /**
         * Decimal digits of {@code t} (non-negative), no leading zeros. Two long divisions at most
         * split it into groups of eight digits; the rest is int arithmetic by constants, which the
         * JIT turns into multiplications (a division by 10 per digit of a long cost the writer
         * two thirds of its time).
         */
        private void putDecimal(long t) {
            if (t < EIGHT_DIGIT_GROUP) {
                putDigits((int) t);
                return;
            }
            long high = t / EIGHT_DIGIT_GROUP;
            int low = (int) (t - high * EIGHT_DIGIT_GROUP);
            if (high < EIGHT_DIGIT_GROUP) {
                putDigits((int) high);
            } else {
                long top = high / EIGHT_DIGIT_GROUP;
                putDigits((int) top);
                putEightDigits((int) (high - top * EIGHT_DIGIT_GROUP));
            }
            putEightDigits(low);
        }

        /** {@code x} (0..99999999) without leading zeros. */
        private void putDigits(int x) {
            int n = x < 10 ? 1 : x < 100 ? 2 : x < 1000 ? 3 : x < 10000 ? 4 : x < 100000 ? 5 : x < 1000000 ? 6 : x < 10000000 ? 7 : 8;
            int end = pos + n;
            int i = end;
            while (x >= 100) {
                int q = x / 100;
                int pair = (x - q * 100) << 1;
                buf[--i] = DIGIT_PAIRS[pair + 1];
                buf[--i] = DIGIT_PAIRS[pair];
                x = q;
            }
            if (x >= 10) {
                buf[--i] = DIGIT_PAIRS[(x << 1) + 1];
                buf[--i] = DIGIT_PAIRS[x << 1];
            } else {
                buf[--i] = (byte) ('0' + x);
            }
            pos = end;
        }

        /** {@code x} (0..99999999) as exactly eight digits. */
        private void putEightDigits(int x) {
            for (int i = pos + 6; i >= pos; i -= 2) {
                int q = x / 100;
                int pair = (x - q * 100) << 1;
                buf[i] = DIGIT_PAIRS[pair];
                buf[i + 1] = DIGIT_PAIRS[pair + 1];
                x = q;
            }
            pos += 8;
        }

        private void flush() throws IOException {
            out.write(buf, 0, pos);
            flushedBytes += pos;
            pos = 0;
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onShutdown() {
            try (OutputStream o = out) {
                if (failure == null) {
                    if (texts.pending() && !capped) {
                        flushTexts(); // the last time step's texts
                    }
                    flush();
                }
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
            } finally {
                finished.countDown();
            }
        }
    }

    /** A byte's eight binary digits as ASCII, most significant first, packed for one 8-byte store. */
    private static final long[] BYTE_DIGITS = new long[256];
    private static final VarHandle EIGHT_DIGITS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** A signal's packed suffix, first byte lowest. */
    private static final VarHandle SUFFIX_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long EIGHT_DIGIT_GROUP = 100_000_000L;
    /** "00" to "99": the two digits of each number below 100. */
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int x = 0; x < 256; x++) {
            long d = 0;
            for (int bit = 7; bit >= 0; bit--) {
                d = d << 8 | ('0' + ((x >>> bit) & 1));
            }
            BYTE_DIGITS[x] = d;
        }
        for (int x = 0; x < 100; x++) {
            DIGIT_PAIRS[2 * x] = (byte) ('0' + x / 10);
            DIGIT_PAIRS[2 * x + 1] = (byte) ('0' + x % 10);
        }
    }

    private static final class Scope {
        final String name;
        final Map<String, Scope> children = new LinkedHashMap<>();
        final List<Integer> signals = new ArrayList<>();
        final List<Integer> texts = new ArrayList<>();

        Scope(String name) {
            this.name = name;
        }
    }
}
