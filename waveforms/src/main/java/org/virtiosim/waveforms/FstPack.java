package org.virtiosim.waveforms;

import java.util.Locale;
import java.util.zip.Deflater;
import io.airlift.compress.lz4.Lz4Compressor;

/**
 * How an FST's value-change chains are compressed: the pack-type byte that opens a block's chains
 * ({@code fstWriterFlushContextPrivate} in gtkwave's {@code fstapi.c}: {@code '4'} when
 * {@code fourpack}, {@code 'Z'} otherwise). Both are read by GTKWave ({@code fst2vcd}, the viewer)
 * and by Surfer ({@code fst-reader}, {@code ValueChangePackType}). The frame and the time table are
 * zlib whatever the pack, as there (the time table at a lower level with LZ4: {@link #timeTableLevel}).
 *
 * <p>LZ4 is the default because it is what the writer thread can keep up with: on the traced
 * 4096-VF indirect run the writer spent about 13 s of its 15.6 s in zlib at fstapi's level 4
 * (measured in the README), while the simulation thread needs about 10 s. Verilator's FST writer
 * makes the same choice ({@code fstWriterSetPackType(m_fst, FST_WR_PT_LZ4)}). zlib gives smaller
 * files.
 */
public enum FstPack {
    /** LZ4 block format ({@code LZ4_compress_default}), a chain kept only when it comes out shorter. */
    LZ4('4', 4) {
        @Override
        ChainPacker packer() {
            // Pure Java: the same bytes on every JVM and machine, no native library unpacked to a
            // temporary file; and its hash table is the compressor's, not allocated per chain (tens
            // of thousands of chains a block).
            Lz4Compressor c = new Lz4Compressor();
            return new ChainPacker() {
                @Override
                public boolean pack(byte[] src, int off, int len, ByteBuilder dst) {
                    int start = dst.length();
                    dst.reserve(c.maxCompressedLength(len));
                    int k = c.compress(src, off, len, dst.array(), start, dst.array().length - start);
                    if (k >= len) {
                        return false; // fstapi: rc < destlen, else the chain goes raw
                    }
                    dst.advance(k);
                    return true;
                }

                @Override
                public void close() {
                }
            };
        }
    },
    /** zlib ({@code compress2} at level 4, as fstapi), always kept. */
    ZLIB('Z', 9) {
        @Override
        ChainPacker packer() {
            Deflater d = new Deflater(CHAIN_ZLIB_LEVEL);
            return new ChainPacker() {
                @Override
                public boolean pack(byte[] src, int off, int len, ByteBuilder dst) {
                    FstEncoder.deflate(d, src, off, len, dst);
                    return true;
                }

                @Override
                public void close() {
                    d.end();
                }
            };
        }
    };

    /** fstapi's level for zlib chains ({@code compress2(..., 4)}). */
    static final int CHAIN_ZLIB_LEVEL = 4;

    private final char packType;
    private final int timeTableLevel;

    FstPack(char packType, int timeTableLevel) {
        this.packType = packType;
        this.timeTableLevel = timeTableLevel;
    }

    /**
     * zlib level of a block's time table. fstapi's is 9 ({@code compress2(..., 9)}), kept with
     * {@link #ZLIB}; with {@link #LZ4}, 4: on the traced 4096-VF indirect run that took the writer
     * thread from 10.1 s to 7.9 s of CPU for a file 0.6% larger (273.0 MB against 274.6 MB).
     */
    int timeTableLevel() {
        return timeTableLevel;
    }

    /** The pack-type byte of a value-change block's chains. */
    public char packType() {
        return packType;
    }

    /** The name on the command line: {@code lz4}, {@code zlib}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The pack a command-line name gives, or null. */
    public static FstPack forName(String name) {
        for (FstPack p : values()) {
            if (p.cliName().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** A compressor of chains for one encoder (not shared between threads). */
    abstract ChainPacker packer();

    /** Compresses one chain onto the block being built. */
    interface ChainPacker {
        /** Appends {@code src[off, off + len)} compressed to dst and returns true, or appends nothing and returns false (store it raw). */
        boolean pack(byte[] src, int off, int len, ByteBuilder dst);

        void close();
    }
}
