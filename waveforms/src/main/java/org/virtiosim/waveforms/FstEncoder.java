package org.virtiosim.waveforms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes GTKWave's FST format as its reference writer does ({@code fstapi.c} of gtkwave/libfst,
 * the block layouts in its {@code doc/block_format.txt}), in pure Java, zlib through
 * {@code java.util.zip} and LZ4 through Airlift's aircompressor ({@link FstPack}).
 *
 * <p>The file: a header block ({@code FST_BL_HDR}, 330 bytes, completed on {@link #finish()}:
 * start and end time, scope, variable and block counts), then value-change blocks
 * ({@code FST_BL_VCDATA_DYN_ALIAS2}), then the geometry block ({@code FST_BL_GEOM}: each signal's
 * width) and the hierarchy ({@code FST_BL_HIER}, gzip). A value-change block holds the values of
 * every signal where it begins (the frame, zlib), each signal's changes in the block as one chain
 * (packed as {@link FstPack} says when over 32 bytes, as {@code fstWriterFlushContextPrivate} decides), the chain position
 * table and the block's time table (zlib, {@link FstPack#timeTableLevel}). A change's time is an index into its block's
 * time table, kept as a delta from the signal's previous change.
 *
 * <p>Memory stays bounded: changes are kept, already encoded as their chain will hold them, in one
 * byte array of records in time order until it holds {@link #DEFAULT_BLOCK_BYTES} (or the room left
 * under the size cap); at the next time step the block is encoded (the records gathered into
 * per-signal chains in two sequential passes, no list walking) and written, and the arrays reused:
 * at most about three times the block size is held (records, chains, the encoded block). The first block is cut at the first time step
 * after the start, so the file always has one (GTKWave needs it) whatever the cap. A block that
 * would take the file past the cap is not written: the trace stops at the previous block.
 *
 * <p>Deterministic: no wall clock (the date field is the caller's text), no aliasing by hash, the
 * same changes give the same bytes on the same JDK.
 *
 * <p>Text signals are {@code FST_VT_GEN_STRING} / {@code FST_VD_IMPLICIT}, of length 0 in the
 * geometry ({@code 0xFFFFFFFF}) and the frame; a change is varint(time delta &lt;&lt; 1),
 * varint(length), the bytes, as {@code fstWriterEmitVariableLengthValueChange} writes it.
 */
public final class FstEncoder implements WaveEncoder {
    /** Change records kept before a value-change block is written: 32 MiB (fstapi's default break size is 128 MiB). */
    public static final int DEFAULT_BLOCK_BYTES = 32 << 20;
    /** The smallest block cut when the size cap is near: a frame and index per block must stay worth it. */
    static final int MIN_BLOCK_BYTES = 64 << 10;

    // fstapi.h: enum fstBlockType, fstScopeType, fstVarType, fstVarDir
    static final int FST_BL_HDR = 0;
    static final int FST_BL_GEOM = 3;
    static final int FST_BL_HIER = 4;
    static final int FST_BL_VCDATA_DYN_ALIAS2 = 8;
    static final int FST_ST_VCD_MODULE = 0;
    static final int FST_ST_VCD_SCOPE = 254;
    static final int FST_ST_VCD_UPSCOPE = 255;
    static final int FST_VT_VCD_WIRE = 16;
    static final int FST_VT_GEN_STRING = 21;
    static final int FST_VD_IMPLICIT = 0;
    /** FST_HDR_LENGTH: tag, section length, the fields, version (128), date (119), file type, time zero. */
    static final int HDR_LENGTH = 330;
    private static final int VERSION_SIZE = 128;
    private static final int DATE_SIZE = 119;
    /** FST_DOUBLE_ENDTEST, stored in the writer's byte order (little-endian here, as on x86 and ARM). */
    private static final double ENDIAN_TEST = 2.7182818284590452354;
    /** Picoseconds: 10^-12 s. */
    private static final int TIMESCALE_EXPONENT = -12;
    /** Chains up to this many bytes are stored raw (fstapi: {@code wrlen > 32} is compressed). */
    private static final int RAW_CHAIN_BYTES = 32;

    private final SeekableByteChannel out;
    private final List<WaveSignal> signals;
    private final byte[] date;
    private final long maxBytes;
    private final int blockBytes;
    private final int n;
    /** Bits of each numeric signal; 0 for text. */
    private final int[] width;
    private final int scopes;
    /**
     * Signal of each FST handle (minus one): handles are numbered in the order the hierarchy
     * declares the variables, scope by scope, which is not the list order when components
     * interleave; chains, frame and geometry go in handle order.
     */
    private final int[] byHandle;
    private final byte[] geometryBlock;
    private final byte[] hierarchyBlock;
    /** The frame's zlib, at fstapi's level 4 whatever the chains' pack. */
    private final Deflater frameDeflater = new Deflater(FstPack.CHAIN_ZLIB_LEVEL);
    private final FstPack pack;
    private final FstPack.ChainPacker chainPacker;
    private final Deflater tableDeflater;

    private final long[] current;
    /** Bytes of each signal's chain in this block (0: no change yet). */
    private int[] chainBytes;
    private final int[] chainStart;
    /** Time-table index of each signal's previous change in this block (0 at the block's start). */
    private final int[] lastIndex;
    /** Where each signal's chain starts in the block being encoded, from the pack-type byte. */
    private final int[] chainAt;
    /** The block's changes in time order: int signal, int payload length, payload (the change as its chain holds it). */
    private ByteBuilder records;
    private ByteBuilder times;
    private ByteBuilder frame;
    /**
     * The two blocks' buffers: one filling (the fields above are its), the other being encoded on
     * the {@link #blockThread}, so the writer thread goes on taking changes meanwhile (fstapi's
     * parallel mode, {@code fstWriterSetParallelMode}, does the same). Encoding a 32 MiB block
     * takes a few hundred ms, in which a ring of 2^16 changes fills many times over: done in line,
     * it held the simulation thread back for that long at every block.
     */
    private final Block[] blocks = new Block[2];
    private int filling;
    private final ExecutorService blockThread;
    private static final String BLOCK_THREAD = "fst-blocks";
    private Future<?> encoding;
    private long blocksCut;
    private final ByteBuilder block = new ByteBuilder(1 << 16);
    private final ByteBuilder scratch = new ByteBuilder(1 << 12);
    /** Every chain of the block being encoded, in handle order. */
    private final ByteBuilder chains = new ByteBuilder(1 << 16);

    private long startPs;
    private long curTime;
    private long blockBegin;
    private int timeIndex;
    private long timeCount;
    private long blockCounted;
    private long blockTextCounted;
    private long textWritten;
    private long flushAt;
    private long sections;
    private long endTime;
    private long fileBytes;
    private long written;
    private boolean capped;

    /** Writes to {@code out} from its position 0, unbounded, chains packed with LZ4. */
    public FstEncoder(SeekableByteChannel out, List<WaveSignal> signals, String date) {
        this(out, signals, date, Long.MAX_VALUE, FstPack.LZ4);
    }

    public FstEncoder(SeekableByteChannel out, List<WaveSignal> signals, String date, long maxBytes, FstPack pack) {
        this(out, signals, date, maxBytes, DEFAULT_BLOCK_BYTES, pack, true);
    }

    /**
     * With blocks cut at {@code blockBytes} of change records (tests use small ones).
     *
     * @param asyncBlocks encode blocks on their own thread where the cap allows (tests compare both)
     */
    FstEncoder(SeekableByteChannel out, List<WaveSignal> signals, String date, long maxBytes, int blockBytes, FstPack pack,
            boolean asyncBlocks) {
        if (pack == null) {
            throw new IllegalArgumentException("pack must be non-null");
        }
        if (date == null) {
            throw new IllegalArgumentException("date text must be non-null");
        }
        if (blockBytes < 1) {
            throw new IllegalArgumentException("block size must be positive, got " + blockBytes);
        }
        this.out = out;
        this.pack = pack;
        this.chainPacker = pack.packer();
        this.tableDeflater = new Deflater(pack.timeTableLevel());
        this.signals = List.copyOf(signals);
        byte[] d = date.getBytes(StandardCharsets.UTF_8);
        this.date = Arrays.copyOf(d, Math.min(d.length, DATE_SIZE - 1)); // NUL-terminated in the field
        this.maxBytes = maxBytes;
        this.blockBytes = blockBytes;
        n = this.signals.size();
        width = new int[n];
        int frameBytes = 0;
        for (int i = 0; i < n; i++) {
            WaveSignal s = this.signals.get(i);
            width[i] = s.text() ? 0 : s.width();
            frameBytes += width[i];
        }
        ScopeTree tree = new ScopeTree(this.signals);
        scopes = tree.scopes();
        byHandle = new int[n];
        int[] next = {0};
        tree.visit(new ScopeTree.Visitor() {
            @Override
            public void scope(String name) {
            }

            @Override
            public void signal(int index) {
                byHandle[next[0]++] = index;
            }

            @Override
            public void upscope() {
            }
        });
        geometryBlock = geometry();
        hierarchyBlock = hierarchy(tree);
        current = new long[n];
        chainStart = new int[n];
        lastIndex = new int[n];
        chainAt = new int[n];
        for (int i = 0; i < 2; i++) {
            blocks[i] = new Block(new ByteBuilder(Math.min(blockBytes, 1 << 20) + 64), new ByteBuilder(1 << 12),
                    new ByteBuilder(frameBytes), new int[n]);
        }
        fill(blocks[0]);
        this.blockThread = asyncBlocks ? WriterThread.start(BLOCK_THREAD) : null;
    }

    /** One block's buffers and, once cut, what its encoding needs to know of it. */
    private static final class Block {
        final ByteBuilder records;
        final ByteBuilder times;
        final ByteBuilder frame;
        final int[] chainBytes;
        long begin;
        long end;
        long timeCount;
        long counted;
        long textCounted;

        Block(ByteBuilder records, ByteBuilder times, ByteBuilder frame, int[] chainBytes) {
            this.records = records;
            this.times = times;
            this.frame = frame;
            this.chainBytes = chainBytes;
        }

        /**
         * More bytes than the encoded block can take: chains at most their bytes (LZ4 keeps only
         * shorter ones, zlib adds under 0.2%) plus a length each, a position entry per signal, the
         * frame and the time table at most raw, and the fixed fields.
         */
        long bound(int signals) {
            return records.length() + records.length() / 512 + frame.length() + times.length() + 32L * signals + 1024;
        }
    }

    /** The filling fields become block b's buffers. */
    private void fill(Block b) {
        records = b.records;
        times = b.times;
        frame = b.frame;
        chainBytes = b.chainBytes;
    }

    /** The block being filled, with what its encoding needs; the fields stay on its buffers. */
    private Block cut() {
        Block k = blocks[filling];
        k.begin = blockBegin;
        k.end = curTime;
        k.timeCount = timeCount;
        k.counted = blockCounted;
        k.textCounted = blockTextCounted;
        blocksCut++;
        return k;
    }

    /**
     * Hands the block being filled to the block thread and fills the other one, or encodes it here
     * when the file is near its cap: then whether the block fits, and so where the next one is cut,
     * must be known before another change is taken. Far from the cap the next cut is
     * {@code blockBytes} whatever this block's size ({@link Block#bound}), so the file is the
     * same bytes either way.
     */
    private void cutBlock() throws IOException {
        awaitEncoding();
        Block k = cut();
        long room = maxBytes - fileBytes - geometryBlock.length - hierarchyBlock.length;
        if (blockThread != null && room - k.bound(n) >= blockBytes) {
            encoding = blockThread.submit(() -> {
                writeBlock(k);
                return null;
            });
            flushAt = blockBytes;
            filling ^= 1;
            fill(blocks[filling]);
        } else {
            writeBlock(k);
            updateFlushAt();
        }
    }

    /** Waits for the block being encoded on the block thread, if any; its failure is this thread's. */
    private void awaitEncoding() throws IOException {
        Future<?> f = encoding;
        if (f == null) {
            return;
        }
        encoding = null;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the block must be complete before the file goes on
                }
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(c);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void begin(long startPs, long[] initial) throws IOException {
        this.startPs = startPs;
        ByteBuffer header = ByteBuffer.allocate(HDR_LENGTH);
        writeFully(header(header));
        fileBytes = HDR_LENGTH;
        System.arraycopy(initial, 0, current, 0, Math.min(initial.length, n));
        curTime = startPs;
        endTime = startPs;
        startBlock(startPs);
        // fstReaderIterBlocks2 dumps the first frame only when the block begins before its first
        // time; otherwise the initial values are the changes at that time, as fstapi writes them.
        for (int s = 0; s < n; s++) {
            if (width[s] > 0) {
                put(s, current[s]);
            }
        }
        updateFlushAt();
    }

    @Override
    public void window(long fromPs, long[] current) throws IOException {
        if (capped) {
            return;
        }
        time(fromPs);
        for (int s = 0; s < n && !capped; s++) {
            if (width[s] > 0) {
                put(s, current[s]);
            }
        }
    }

    @Override
    public void change(long timePs, int signal, long value) throws IOException {
        if (capped) {
            return;
        }
        time(timePs);
        if (!capped) {
            put(signal, value);
            blockCounted++;
        }
    }

    @Override
    public void text(long timePs, int signal, byte[] utf8, int offset, int length) throws IOException {
        if (capped) {
            return;
        }
        if (width[signal] != 0) {
            throw new IllegalArgumentException("signal " + signals.get(signal).path() + " is not a text signal");
        }
        time(timePs);
        if (capped) {
            return;
        }
        int link = link(signal);
        records.varint((long) delta(signal) << 1);
        records.varint(length);
        records.put(utf8, offset, length);
        close(link, signal);
        blockTextCounted++;
    }

    /** Moves to {@code t}: a new time-table entry, after cutting the block if it is due. */
    private void time(long t) throws IOException {
        if (t == curTime) {
            return;
        }
        if (blocksCut == 0 || records.length() >= flushAt) {
            cutBlock();
            if (capped) {
                return;
            }
            startBlock(curTime);
        }
        timeIndex++;
        times.varint(t - curTime);
        timeCount++;
        curTime = t;
    }

    /** A numeric change at the current time, as fstapi's chain encodes it. */
    private void put(int s, long v) {
        int w = width[s];
        if (w == 0) {
            throw new IllegalArgumentException("signal " + signals.get(s).path() + " is a text signal");
        }
        if (w < 64) {
            v &= (1L << w) - 1;
        }
        current[s] = v;
        int link = link(s);
        long delta = delta(s);
        if (w == 1) {
            // 0/1: value in bit 1, time delta above it (bit 0 clear: not x/z/...)
            records.varint((v & 1) << 1 | delta << 2);
        } else {
            // two-state vector: delta << 1 (bit 0 clear: packed binary), then the bits packed MSB
            // first into whole bytes, padded with zeros at the end
            records.varint(delta << 1);
            int bytes = (w + 7) >>> 3;
            long packed = v << ((bytes << 3) - w);
            records.reserve(bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                records.put((int) (packed >>> (i << 3)));
            }
        }
        close(link, s);
    }

    /** Starts a record of signal {@code s}; returns where its length goes. */
    private int link(int s) {
        int at = records.length();
        records.put4(s);
        records.put4(0);
        return at + 4;
    }

    private void close(int lengthAt, int s) {
        int len = records.length() - lengthAt - 4;
        records.setInt(lengthAt, len);
        chainBytes[s] += len;
    }

    private int delta(int s) {
        int d = timeIndex - lastIndex[s];
        lastIndex[s] = timeIndex;
        return d;
    }

    /** A new block beginning at {@code t}: its frame is every signal's value now, its time table starts with {@code t}. */
    private void startBlock(long t) {
        blockBegin = t;
        records.clear();
        Arrays.fill(chainBytes, 0);
        Arrays.fill(lastIndex, 0);
        times.clear();
        times.varint(t);
        timeCount = 1;
        timeIndex = 0;
        blockCounted = 0;
        blockTextCounted = 0;
        frame.clear();
        for (int h = 0; h < n; h++) {
            int s = byHandle[h];
            int w = width[s];
            frame.reserve(w);
            for (int b = w - 1; b >= 0; b--) {
                frame.put('0' + (int) ((current[s] >>> b) & 1));
            }
        }
    }

    /** Encodes the block (fstWriterEmitSectionHeader then fstWriterFlushContextPrivate) and writes it, or caps. */
    private void writeBlock(Block k) throws IOException {
        ByteBuilder frame = k.frame;
        ByteBuilder records = k.records;
        ByteBuilder times = k.times;
        int[] chainBytes = k.chainBytes;
        ByteBuilder b = block;
        b.clear();
        b.put(FST_BL_VCDATA_DYN_ALIAS2);
        int lengthAt = b.length();
        b.u64(0); // section length
        b.u64(k.begin);
        b.u64(k.end); // end time of the block
        int memoryAt = b.length();
        b.u64(0); // bytes a reader needs to hold every chain uncompressed
        int frameLength = frame.length();
        b.varint(frameLength);
        scratch.clear();
        deflate(frameDeflater, frame.array(), 0, frameLength, scratch);
        boolean packed = scratch.length() < frameLength;
        b.varint(packed ? scratch.length() : frameLength);
        b.varint(n);
        if (packed) {
            b.put(scratch.array(), 0, scratch.length());
        } else {
            b.put(frame.array(), 0, frameLength);
        }

        b.varint(n);
        int vcStart = b.length();
        b.put(pack.packType());
        long memory = 0;
        // the chains, each signal's changes oldest first, gathered in two sequential passes over
        // the records: the chain lengths are known, so each signal's place is; then copy
        int at = 0;
        for (int h = 0; h < n; h++) {
            int s = byHandle[h];
            chainStart[s] = at;
            at += chainBytes[s];
        }
        chains.clear();
        chains.reserve(at);
        byte[] ch = chains.array();
        byte[] rec = records.array();
        for (int r = 0, end = records.length(); r < end; ) {
            int s = records.getInt(r);
            int len = records.getInt(r + 4);
            System.arraycopy(rec, r + 8, ch, chainStart[s], len);
            chainStart[s] += len;
            r += 8 + len;
        }
        for (int h = 0; h < n; h++) {
            int s = byHandle[h];
            int total = chainBytes[s];
            if (total == 0) {
                continue;
            }
            int from = chainStart[s] - total;
            chainAt[s] = b.length() - vcStart;
            memory += total;
            int mark = b.length();
            b.varint(total);
            if (total <= RAW_CHAIN_BYTES || !chainPacker.pack(ch, from, total, b)) {
                b.clear(mark);
                b.varint(0);
                b.put(ch, from, total);
            }
        }
        // position table (DYN_ALIAS2): runs of signals without a chain as varint(count << 1),
        // each chain as svarint((delta from the previous chain's position) << 1 | 1)
        int indexAt = b.length();
        long previous = 0;
        long zeros = 0;
        for (int h = 0; h < n; h++) {
            int s = byHandle[h];
            if (chainBytes[s] == 0) {
                zeros++;
                continue;
            }
            if (zeros > 0) {
                b.varint(zeros << 1);
                zeros = 0;
            }
            b.svarint((chainAt[s] - previous) << 1 | 1);
            previous = chainAt[s];
        }
        if (zeros > 0) {
            b.varint(zeros << 1);
        }
        b.u64(b.length() - indexAt);
        // time table
        int timesLength = times.length();
        int before = b.length();
        deflate(tableDeflater, times.array(), 0, timesLength, b);
        long compressed = b.length() - before;
        if (compressed >= timesLength) {
            b.clear(before);
            b.put(times.array(), 0, timesLength);
            compressed = timesLength;
        }
        b.u64(timesLength);
        b.u64(compressed);
        b.u64(k.timeCount);
        b.setU64(lengthAt, b.length() - 1L);
        b.setU64(memoryAt, memory);

        if (b.length() > k.bound(n)) {
            // cutBlock hands a block to the block thread only when its bound fits under the cap, so
            // within the bound a block encoded there never caps
            throw new IllegalStateException("value-change block of " + b.length() + " bytes over its bound " + k.bound(n));
        }
        if (sections > 0 && fileBytes + b.length() + geometryBlock.length + hierarchyBlock.length > maxBytes) {
            capped = true; // the file ends with the previous block
            return;
        }
        writeFully(ByteBuffer.wrap(b.array(), 0, b.length()));
        fileBytes += b.length();
        sections++;
        endTime = k.end;
        written += k.counted;
        textWritten += k.textCounted;
    }

    private void updateFlushAt() {
        long room = maxBytes - fileBytes - geometryBlock.length - hierarchyBlock.length;
        flushAt = Math.min(blockBytes, Math.max(MIN_BLOCK_BYTES, room));
    }

    /** zlib (compress2) of {@code src[off, off + len)} appended to {@code dst}. */
    static void deflate(Deflater d, byte[] src, int off, int len, ByteBuilder dst) {
        d.reset();
        d.setInput(src, off, len);
        d.finish();
        while (!d.finished()) {
            dst.reserve(len / 8 + 64);
            byte[] a = dst.array();
            int k = d.deflate(a, dst.length(), a.length - dst.length());
            dst.advance(k);
        }
    }

    @Override
    public void finish() throws IOException {
        try {
            awaitEncoding();
            if (!capped) {
                writeBlock(cut());
            }
            writeFully(ByteBuffer.wrap(geometryBlock));
            writeFully(ByteBuffer.wrap(hierarchyBlock));
            fileBytes += geometryBlock.length + hierarchyBlock.length;
            long end = out.position();
            out.position(0);
            writeFully(header(ByteBuffer.allocate(HDR_LENGTH)));
            out.position(end);
        } finally {
            stopBlockThread();
            frameDeflater.end();
            chainPacker.close();
            tableDeflater.end();
            out.close();
        }
    }

    private void stopBlockThread() {
        if (blockThread != null) {
            WriterThread.finish(blockThread);
        }
    }

    @Override
    public void abandon() {
        stopBlockThread(); // a block being encoded finishes first: the channel and the compressors are its
        frameDeflater.end();
        chainPacker.close();
        tableDeflater.end();
        try {
            out.close();
        } catch (IOException e) {
            // the writer's first failure is the one reported
        }
    }

    /** The header block as it stands (fstWriterEmitHdrBytes, then the fields fstWriterClose completes). */
    private ByteBuffer header(ByteBuffer h) {
        h.order(ByteOrder.BIG_ENDIAN);
        h.put((byte) FST_BL_HDR);
        h.putLong(HDR_LENGTH - 1);
        h.putLong(startPs);
        h.putLong(endTime);
        h.order(ByteOrder.LITTLE_ENDIAN).putDouble(ENDIAN_TEST).order(ByteOrder.BIG_ENDIAN);
        h.putLong(blockBytes); // "memory used by writer"
        h.putLong(scopes);
        h.putLong(n); // variables
        h.putLong(n); // max handle: no aliases
        h.putLong(sections);
        h.put((byte) TIMESCALE_EXPONENT);
        byte[] version = new byte[VERSION_SIZE];
        byte[] v = "virtio-sim".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, version, 0, v.length);
        h.put(version);
        byte[] d = new byte[DATE_SIZE];
        System.arraycopy(date, 0, d, 0, date.length);
        h.put(d);
        h.put((byte) 0); // FST_FT_VERILOG
        h.putLong(0); // time zero
        return h.flip();
    }

    /** FST_BL_GEOM: each signal's length, text as 0xFFFFFFFF (fstWriterCreateVar's geometry record). */
    private byte[] geometry() {
        ByteBuilder g = new ByteBuilder(n * 2);
        for (int h = 0; h < n; h++) {
            int s = byHandle[h];
            g.varint(width[s] == 0 ? 0xFFFFFFFFL : width[s]);
        }
        ByteBuilder c = new ByteBuilder(g.length() + 64);
        Deflater d = new Deflater(9);
        try {
            deflate(d, g.array(), 0, g.length(), c);
        } finally {
            d.end();
        }
        boolean packed = c.length() <= g.length();
        ByteBuilder b = new ByteBuilder(g.length() + 32);
        b.put(FST_BL_GEOM);
        int len = packed ? c.length() : g.length();
        b.u64(len + 24L);
        b.u64(g.length());
        b.u64(n);
        b.put(packed ? c.array() : g.array(), 0, len);
        return Arrays.copyOf(b.array(), b.length());
    }

    /** FST_BL_HIER: scopes and variables as fstWriterSetScope / fstWriterCreateVar / fstWriterSetUpscope write them, gzip. */
    private byte[] hierarchy(ScopeTree tree) {
        ByteBuilder h = new ByteBuilder(64 * n);
        tree.visit(new ScopeTree.Visitor() {
            @Override
            public void scope(String name) {
                h.put(FST_ST_VCD_SCOPE);
                h.put(FST_ST_VCD_MODULE);
                byte[] b = name.getBytes(StandardCharsets.US_ASCII);
                h.put(b, 0, b.length);
                h.put(0);
                h.put(0); // no component name
            }

            @Override
            public void signal(int i) {
                WaveSignal s = signals.get(i);
                h.put(s.text() ? FST_VT_GEN_STRING : FST_VT_VCD_WIRE);
                h.put(FST_VD_IMPLICIT);
                // the name as vcd2fst stores it, bit range included, so fst2vcd gives the VCD's $var back
                String name = s.width() > 1 ? s.name() + " [" + (s.width() - 1) + ":0]" : s.name();
                byte[] b = name.getBytes(StandardCharsets.US_ASCII);
                h.put(b, 0, b.length);
                h.put(0);
                h.varint(s.text() ? 0 : s.width());
                h.varint(0); // not an alias
            }

            @Override
            public void upscope() {
                h.put(FST_ST_VCD_UPSCOPE);
            }
        });
        ByteArrayOutputStream gz = new ByteArrayOutputStream(h.length() / 4 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(gz) {
            {
                def.setLevel(4); // gzdopen(..., "wb4")
            }
        }) {
            z.write(h.array(), 0, h.length());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        ByteBuilder b = new ByteBuilder(gz.size() + 32);
        b.put(FST_BL_HIER);
        b.u64(gz.size() + 16L);
        b.u64(h.length());
        byte[] z = gz.toByteArray();
        b.put(z, 0, z.length);
        return Arrays.copyOf(b.array(), b.length());
    }

    private void writeFully(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }

    @Override
    public long written() {
        return written;
    }

    @Override
    public long textWritten() {
        return textWritten;
    }

    @Override
    public long bytes() {
        return fileBytes;
    }

    @Override
    public boolean capped() {
        return capped;
    }
}
