package org.virtiosim.waveforms;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a four-state VCD file (IEEE 1364-2005 §18.2) held to the subset that GTKWave and Surfer
 * read alike (see {@code VCD-NOTES.md}, "Writer rules"): one line per change, into a large byte
 * buffer handed to the stream when full.
 *
 * <p>Every change is written, several of one signal in one time step included (§18.2.1: the last
 * one counts, and GTKWave's FST round trip keeps them all). A change to the value the signal
 * already has is written too; {@code Probe.set} never reports one.
 *
 * <p>Text signals are declared {@code $var string 1 id name $end} and change as
 * {@code s<text> id} (GTKWave's and Surfer's extension), escaped as GTKWave's
 * {@code fstUtilityBinToEsc} does (so that vcd2fst and fst2vcd give the same text back): C escapes
 * for {@code \a \b \f \n \r \t \v ' " \\ ?}, other bytes outside {@code !..~} (space, non-ASCII)
 * as three octal digits, {@code \040}.
 */
public final class VcdEncoder implements WaveEncoder {
    private static final int BUFFER_BYTES = 1 << 20;
    /**
     * Room made before a change is written: its time line ('#' + 19 digits + '\n') and its value
     * line ('b' + 64 bits + ' ' + id (at most 5 chars for 2^31 signals) + '\n') together, 94 bytes,
     * plus the 8-byte store that writes the suffix.
     */
    private static final int LINE_ROOM = 128;

    private final OutputStream out;
    private final List<WaveSignal> signals;
    private final String date;
    private final long maxBytes;
    // Per signal, what follows the value: id + '\n' (scalar) or ' ' + id + '\n' (vector, text), at
    // most 7 bytes, packed first byte lowest for one 8-byte store, and its length.
    private final long[] suffix;
    private final byte[] suffixLength;
    private final int[] width;
    private final byte[] buf = new byte[BUFFER_BYTES];
    private int pos;
    private long flushedBytes;
    private long lastWrittenTime;
    private long written;
    private long textWritten;
    private boolean capped;

    /** Writes to {@code out}, which {@link #finish()} and {@link #abandon()} close. */
    public VcdEncoder(OutputStream out, List<WaveSignal> signals, String date) {
        this(out, signals, date, Long.MAX_VALUE);
    }

    /** As above, stopping before the file would pass {@code maxBytes}. */
    public VcdEncoder(OutputStream out, List<WaveSignal> signals, String date, long maxBytes) {
        if (date == null || date.contains("$end")) {
            throw new IllegalArgumentException("date text must be non-null and must not contain $end");
        }
        this.out = out;
        this.signals = List.copyOf(signals);
        this.date = date;
        this.maxBytes = maxBytes;
        int n = signals.size();
        suffix = new long[n];
        suffixLength = new byte[n];
        width = new int[n];
        for (int i = 0; i < n; i++) {
            String id = idCode(i);
            WaveSignal s = signals.get(i);
            width[i] = s.text() ? 0 : s.width();
            byte[] suf = ((width[i] == 1 ? "" : " ") + id + "\n").getBytes(StandardCharsets.US_ASCII);
            for (int b = suf.length - 1; b >= 0; b--) {
                suffix[i] = suffix[i] << 8 | (suf[b] & 0xFF);
            }
            suffixLength[i] = (byte) suf.length;
        }
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

    /** §18.2.1 header, one declaration per line, spaces only, then #start $dumpvars with every signal. */
    @Override
    public void begin(long startPs, long[] initial) throws IOException {
        lastWrittenTime = startPs;
        StringBuilder h = new StringBuilder(256 + 64 * signals.size());
        h.append("$date ").append(date).append(" $end\n");
        h.append("$version virtio-sim $end\n");
        h.append("$timescale 1ps $end\n");
        new ScopeTree(signals).visit(new ScopeTree.Visitor() {
            private String indent = "";

            @Override
            public void scope(String name) {
                h.append(indent).append("$scope module ").append(name).append(" $end\n");
                indent += "  ";
            }

            @Override
            public void signal(int i) {
                WaveSignal s = signals.get(i);
                if (s.text()) {
                    h.append(indent).append("$var string 1 ").append(idCode(i)).append(' ').append(s.name());
                } else {
                    h.append(indent).append("$var wire ").append(s.width()).append(' ').append(idCode(i))
                            .append(' ').append(s.name());
                    if (s.width() > 1) {
                        h.append(" [").append(s.width() - 1).append(":0]"); // range as its own token
                    }
                }
                h.append(" $end\n");
            }

            @Override
            public void upscope() {
                indent = indent.substring(2);
                h.append(indent).append("$upscope $end\n");
            }
        });
        h.append("$enddefinitions $end\n"); // the body starts on the next line (Surfer skips to it)
        h.append('#').append(startPs).append('\n');
        h.append("$dumpvars\n");
        appendAscii(h);
        for (int i = 0; i < signals.size(); i++) {
            if (width[i] > 0) {
                room(LINE_ROOM);
                putValue(i, initial[i]);
            }
        }
        appendAscii(new StringBuilder("$end\n"));
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
    public void window(long fromPs, long[] current) throws IOException {
        for (int i = 0; i < signals.size() && !capped; i++) {
            if (width[i] > 0) {
                line(fromPs, i, current[i]);
            }
        }
    }

    @Override
    public void change(long t, int s, long v) throws IOException {
        if (!capped && line(t, s, v)) {
            written++;
        }
    }

    @Override
    public void text(long t, int s, byte[] utf8, int offset, int length) throws IOException {
        if (capped) {
            return;
        }
        room(LINE_ROOM + 4 * length);
        int mark = pos;
        time(t);
        buf[pos++] = 's';
        for (int i = offset; i < offset + length; i++) {
            int b = utf8[i] & 0xFF;
            byte e = ESCAPE[b]; // one lookup per byte: this loop was a quarter of the writer's time
            if (e == PLAIN) {
                buf[pos++] = (byte) b;
            } else if (e != OCTAL) {
                buf[pos++] = '\\';
                buf[pos++] = e;
            } else {
                buf[pos++] = '\\';
                buf[pos++] = (byte) ('0' + (b >>> 6));
                buf[pos++] = (byte) ('0' + ((b >>> 3) & 7));
                buf[pos++] = (byte) ('0' + (b & 7));
            }
        }
        SUFFIX_BYTES.set(buf, pos, suffix[s]);
        pos += suffixLength[s];
        if (commit(mark, t)) {
            textWritten++;
        }
    }

    private void room(int bytes) throws IOException {
        if (pos + bytes > buf.length) {
            flush();
        }
    }

    /** Writes {@code #t} if time advanced, then the change; false (and capped) if that would pass the cap. */
    private boolean line(long t, int s, long v) throws IOException {
        room(LINE_ROOM);
        int mark = pos;
        time(t);
        putValue(s, v);
        return commit(mark, t);
    }

    private void time(long t) {
        if (t != lastWrittenTime) {
            buf[pos++] = '#';
            putDecimal(t);
            buf[pos++] = '\n';
        }
    }

    /** Keeps the line just put at {@code mark} if the file stays within the cap; else drops it and caps. */
    private boolean commit(int mark, long t) {
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
    public void finish() throws IOException {
        try (OutputStream o = out) {
            flush();
        }
    }

    @Override
    public void abandon() {
        try {
            out.close();
        } catch (IOException e) {
            // the writer's first failure is the one reported
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
        return flushedBytes + pos;
    }

    @Override
    public boolean capped() {
        return capped;
    }

    /** A byte's eight binary digits as ASCII, most significant first, packed for one 8-byte store. */
    private static final long[] BYTE_DIGITS = new long[256];
    private static final VarHandle EIGHT_DIGITS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** A signal's packed suffix, first byte lowest. */
    private static final VarHandle SUFFIX_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long EIGHT_DIGIT_GROUP = 100_000_000L;
    /** "00" to "99": the two digits of each number below 100. */
    private static final byte[] DIGIT_PAIRS = new byte[200];
    /**
     * How a text's byte is written, by byte, as fstUtilityBinToEsc does: {@link #PLAIN} as itself
     * (printable ASCII but the space), {@link #OCTAL} as {@code \ooo}, else {@code \} and the
     * named escape's letter.
     */
    private static final byte[] ESCAPE = new byte[256];
    private static final byte PLAIN = 0;
    private static final byte OCTAL = 1;

    static {
        for (int b = 0; b < 256; b++) {
            ESCAPE[b] = b > ' ' && b <= '~' ? PLAIN : OCTAL;
        }
        String from = "\u0007\b\f\n\r\t\u000b'\"\\?";
        String to = "abfnrtv'\"\\?";
        for (int i = 0; i < from.length(); i++) {
            ESCAPE[from.charAt(i)] = (byte) to.charAt(i);
        }
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
}
