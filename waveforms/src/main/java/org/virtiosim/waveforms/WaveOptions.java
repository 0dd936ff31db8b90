package org.virtiosim.waveforms;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * How a {@link WaveformSink} writes its file.
 *
 * @param date      text of the VCD {@code $date} section (IEEE 1364-2005 §18.2.3.1) and of the FST
 *                  header's date field (at most 119 bytes there). An option, not the wall clock, so
 *                  that the same simulation can give byte-identical files.
 * @param fromPs    first time written, inclusive. At {@code fromPs} every signal's current value
 *                  is written so the window starts with full state.
 * @param toPs      last time written, inclusive; later changes are not even published.
 * @param maxBytes  size cap of the whole file. When the next change would pass it the writer stops
 *                  (a VCD at the previous line, an FST at the previous value-change block), so the
 *                  file stays valid, and {@link WaveformSink#capped()} turns true. The header and
 *                  the initial values are always written.
 * @param ringSize  changes the Disruptor ring between the simulation and the writer thread holds
 *                  (in chunks of up to {@value WaveformSink#CHUNK_CHANGES}, at least four chunks
 *                  when it is smaller); a power of two (the ring indexes with a mask).
 * @param fstPack   how an FST's value-change chains are compressed (a VCD ignores it)
 */
public record WaveOptions(String date, long fromPs, long toPs, long maxBytes, int ringSize, FstPack fstPack) {
    public static final long DEFAULT_MAX_BYTES = 1024L * 1024 * 1024;
    public static final int DEFAULT_RING_SIZE = 1 << 16;

    public WaveOptions {
        if (date == null || date.contains("$end")) {
            throw new IllegalArgumentException("date text must be non-null and must not contain $end");
        }
        if (fromPs < 0 || toPs < fromPs) {
            throw new IllegalArgumentException("bad time window [" + fromPs + ", " + toPs + "] ps");
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("size cap must be positive, got " + maxBytes);
        }
        if (ringSize < 1 || Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two, got " + ringSize);
        }
        if (fstPack == null) {
            throw new IllegalArgumentException("FST pack must be non-null");
        }
    }


    /** Today's date (UTC), the whole run, 1 GiB cap, a 2^16-entry ring, FST chains in LZ4. */
    public static WaveOptions defaults() {
        return new WaveOptions(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.RFC_1123_DATE_TIME),
                0, Long.MAX_VALUE, DEFAULT_MAX_BYTES, DEFAULT_RING_SIZE, FstPack.LZ4);
    }

    public WaveOptions withDate(String text) {
        return new WaveOptions(text, fromPs, toPs, maxBytes, ringSize, fstPack);
    }

    public WaveOptions withWindow(long from, long to) {
        return new WaveOptions(date, from, to, maxBytes, ringSize, fstPack);
    }

    public WaveOptions withMaxBytes(long bytes) {
        return new WaveOptions(date, fromPs, toPs, bytes, ringSize, fstPack);
    }

    public WaveOptions withRingSize(int entries) {
        return new WaveOptions(date, fromPs, toPs, maxBytes, entries, fstPack);
    }

    public WaveOptions withFstPack(FstPack pack) {
        return new WaveOptions(date, fromPs, toPs, maxBytes, ringSize, pack);
    }
}
