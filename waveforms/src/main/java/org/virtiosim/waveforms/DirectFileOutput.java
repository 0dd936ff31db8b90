package org.virtiosim.waveforms;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A new file written with {@code O_DIRECT} (the JDK's {@link ExtendedOpenOption#DIRECT}): the
 * bytes go from one reused, block-aligned buffer to the device, not through the page cache.
 *
 * <p>Why: a traced 4096-VF compare writes gigabytes. Through the page cache each byte is copied
 * once more by the kernel, the copies stream through the last-level cache the simulation thread
 * shares, and the kernel's writeback threads take CPU on a machine of two cores; all of that
 * lands on the run being watched. Here the only copy is into a buffer that stays in cache.
 *
 * <p>{@code O_DIRECT} writes whole blocks from aligned memory: the last, partial block is written
 * padded with zeros and the file then truncated to its real length. Where the file system refuses
 * {@code O_DIRECT} (tmpfs on older kernels, some network file systems) {@link #open} gives an
 * ordinary buffered stream instead: the bytes are the same either way.
 */
public final class DirectFileOutput extends OutputStream {
    /** Bytes per write to the device once the file has grown: large enough that a write's fixed cost is small, small enough to stay in cache. */
    private static final int BUFFER_BYTES = 4 << 20;
    /** The first buffer: most outputs (a CSV, a saved view) are small and need no more. */
    private static final int FIRST_BUFFER_BYTES = 64 << 10;

    private final Path file;
    private FileChannel channel;
    /** False once a write was refused with O_DIRECT and the file went on through the page cache. */
    private boolean direct = true;
    private ByteBuffer buffer;
    private final int block;
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
        } catch (java.nio.file.FileAlreadyExistsException e) {
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

    /** Writes the full buffer (a whole number of blocks). */
    private void drain() throws IOException {
        ensureOpen();
        buffer.flip();
        length += buffer.remaining();
        writeFully();
        if (buffer.capacity() < BUFFER_BYTES) {
            buffer = aligned(BUFFER_BYTES, block); // a file that outgrew the first buffer is likely a waveform
        } else {
            buffer.clear().limit(buffer.capacity() - buffer.capacity() % block);
        }
    }

    /**
     * Writes the buffer out. Some file systems take the O_DIRECT flag at open and refuse the
     * write itself (EINVAL): the file then goes on through the page cache from where it stands,
     * and an error that recurs there (a full disk) is the one thrown.
     */
    private void writeFully() throws IOException {
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
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
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }

    /** Writes what is buffered, padded to a whole block, then cuts the file to the bytes written. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            int tail = buffer.position();
            if (tail > 0) {
                int padded = (tail + block - 1) / block * block;
                buffer.limit(padded);
                while (buffer.position() < padded) {
                    buffer.put((byte) 0);
                }
                buffer.flip();
                writeFully();
                length += tail;
                channel.truncate(length);
            }
        } finally {
            closed = true;
            channel.close();
        }
    }
}
