package org.virtiosim.waveforms;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A new file written with {@code O_DIRECT} (the JDK's {@link ExtendedOpenOption#DIRECT}): the
 * bytes go from reused, block-aligned buffers to the device, not through the page cache, and the
 * device writes happen on a thread of their own.
 *
 * <p>Why: a traced 4096-VF compare writes gigabytes. Through the page cache each byte is copied
 * once more by the kernel and the kernel's writeback threads take CPU, on a machine of two cores
 * where the run being watched needs both. Measured here: the waveform writer's system time fell
 * from 4.3–5.6 s to 0.8 s. An {@code O_DIRECT} write returns only when the device has the data
 * (4 MiB took 11 ms here, 373 MB/s): done by the caller, each one would stall the waveform writer
 * and, through the full ring, the simulation. So a full buffer goes to an I/O thread, which sleeps
 * in the device write while the caller fills the next buffer; at most {@link #IN_FLIGHT} wait.
 *
 * <p>{@code O_DIRECT} writes whole blocks from aligned memory: the last, partial block is written
 * padded with zeros and the file then truncated to its real length. Where the file system refuses
 * {@code O_DIRECT} at open, {@link #open} gives an ordinary buffered stream; where it refuses the
 * write itself, the file goes on through the page cache. The bytes are the same either way.
 */
public final class DirectFileOutput extends OutputStream {
    /** Bytes per device write once the file has grown: a write's fixed cost is small against it. */
    private static final int BUFFER_BYTES = 4 << 20;
    /** The first buffer: most outputs (a CSV, a saved view) are small and need no more, and no I/O thread. */
    private static final int FIRST_BUFFER_BYTES = 64 << 10;
    /** Full buffers waiting for, or in, a device write: 12 MiB, about 30 ms of this disk, several ring-fulls of changes. */
    private static final int IN_FLIGHT = 3;

    private final Path file;
    private final int block;
    /** Touched by the I/O thread while writes are in flight, by the caller once they are done. */
    private FileChannel channel;
    /** False once a write was refused with O_DIRECT and the file went on through the page cache. */
    private boolean direct = true;
    private ByteBuffer buffer;
    /** Grown buffers the I/O thread has written and handed back. */
    private final BlockingQueue<ByteBuffer> spare = new ArrayBlockingQueue<>(IN_FLIGHT + 1);
    private int grown;
    private ExecutorService io;
    private volatile IOException ioFailure;
    private long length;
    private boolean closed;

    private DirectFileOutput(Path file, FileChannel channel, int block) {
        this.file = file;
        this.channel = channel;
        this.block = block;
        this.buffer = aligned(Math.max(FIRST_BUFFER_BYTES, block), block);
    }

    /** A direct buffer of whole blocks, its start aligned to a block. */
    private static ByteBuffer aligned(int bytes, int block) {
        int whole = Math.max(block, bytes - bytes % block);
        ByteBuffer b = ByteBuffer.allocateDirect(whole + block).alignedSlice(block);
        b.limit(whole);
        return b;
    }

    /**
     * Creates {@code file} (it must not exist, as with {@link StandardOpenOption#CREATE_NEW}) for
     * writing, direct to the device where the file system allows it.
     */
    public static OutputStream open(Path file) throws IOException {
        OpenOption[] plain = {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
        int block;
        try {
            long b = Files.getFileStore(file.toAbsolutePath().getParent()).getBlockSize();
            block = b > 0 && b <= (1 << 16) && Long.bitCount(b) == 1 ? (int) b : 0;
        } catch (IOException | UnsupportedOperationException e) {
            block = 0;
        }
        if (block == 0) {
            return Files.newOutputStream(file, plain);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        } catch (UnsupportedOperationException e) {
            return Files.newOutputStream(file, plain);
        } catch (FileAlreadyExistsException e) {
            throw e; // someone else's file: never touched
        } catch (IOException e) {
            if (Files.exists(file)) {
                // created, but O_DIRECT refused (EINVAL on open): an ordinary stream on a file we just made
                Files.delete(file);
                return Files.newOutputStream(file, plain);
            }
            throw e;
        }
        return new DirectFileOutput(file, ch, block);
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (!buffer.hasRemaining()) {
            drain();
        }
        buffer.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (!buffer.hasRemaining()) {
                drain();
            }
            int n = Math.min(len, buffer.remaining());
            buffer.put(b, off, n);
            off += n;
            len -= n;
        }
    }

    /** Hands the full buffer (a whole number of blocks) to the I/O thread and takes an empty one. */
    private void drain() throws IOException {
        rethrow();
        ByteBuffer full = buffer;
        full.flip();
        length += full.remaining();
        if (io == null) {
            io = WriterThread.start("wave-io");
        }
        boolean recycle = full.capacity() >= BUFFER_BYTES; // the small first buffer is not kept
        io.execute(() -> {
            try {
                if (ioFailure == null) {
                    writeFully(full);
                }
            } catch (IOException e) {
                ioFailure = e;
            } finally {
                if (recycle) {
                    full.clear();
                    spare.add(full);
                }
            }
        });
        buffer = next();
    }

    /** An empty grown buffer: a new one while fewer than {@link #IN_FLIGHT} + 1 exist, else the next one written. */
    private ByteBuffer next() throws IOException {
        ByteBuffer b = spare.poll();
        if (b == null && grown <= IN_FLIGHT) {
            grown++;
            b = aligned(BUFFER_BYTES, block);
        }
        while (b == null) {
            try {
                b = spare.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the disk");
            }
            rethrow();
        }
        b.clear().limit(b.capacity() - b.capacity() % block);
        return b;
    }

    /**
     * Writes {@code b} out. Some file systems take the O_DIRECT flag at open and refuse the write
     * itself (EINVAL): the file then goes on through the page cache from where it stands, and an
     * error that recurs there (a full disk) is the one thrown.
     */
    private void writeFully(ByteBuffer b) throws IOException {
        try {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException refused) {
            if (!direct) {
                throw refused;
            }
            direct = false;
            FileChannel buffered = FileChannel.open(file, StandardOpenOption.WRITE);
            try {
                buffered.position(channel.position());
            } catch (IOException e) {
                buffered.close();
                throw e;
            }
            channel.close();
            channel = buffered;
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }
    }

    private void rethrow() throws IOException {
        IOException e = ioFailure;
        if (e != null) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }

    /** Waits for the writes in flight, writes what is buffered padded to a whole block, then cuts the file to the bytes written. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            awaitWrites();
            rethrow();
            int tail = buffer.position();
            if (tail > 0) {
                int padded = (tail + block - 1) / block * block;
                buffer.limit(padded);
                while (buffer.position() < padded) {
                    buffer.put((byte) 0);
                }
                buffer.flip();
                writeFully(buffer);
                length += tail;
                channel.truncate(length);
            }
        } finally {
            channel.close();
        }
    }

    /** Lets the I/O thread finish what it was given (an interrupt is kept for the caller, not lost). */
    private void awaitWrites() {
        if (io != null) {
            WriterThread.finish(io);
        }
    }
}
