package org.virtiosim.waveforms;

import java.util.Arrays;
import java.util.List;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.component.TextSignal;

/**
 * The writer thread's decoding stage: turns numeric changes into text changes. It is told which
 * traced probes changed ({@link #changed}); at the end of the time step ({@link #flush}) it
 * decodes every text signal one of whose sources changed, from the writer's copy of the current
 * values, and hands on those whose text differs from the last one handed on. A value a probe takes
 * later ({@code Probe.setThen}) reaches the writer as an ordinary change, so it is followed the
 * same way. Encoder-neutral: a VCD writes {@code s<text> <id>}, another format its own string
 * change. Allocates nothing per change or per step once built.
 */
final class TextDecoder {
    /** Longest text handed on; longer ones are cut (every format here is far shorter). */
    static final int MAX_CHARS = 200;

    /** Receives a decoded text change: which text signal (index in the list given) and its new text. */
    interface Sink {
        /** The new text is {@code chars[0..length)}; the array is the decoder's, valid during the call only. */
        void text(int text, char[] chars, int length) throws java.io.IOException;
    }

    private final List<TextSignal> texts;
    private final int[][] sourceSlots;
    private final int[] textStart;
    private final int[] textList;
    private final long[][] values;
    // Each text's last value handed on, as chars: compared and copied in bulk (Arrays.equals and
    // arraycopy are vectorised; a StringBuilder's charAt per character cost the writer 10%).
    private final char[][] last;
    private final int[] lastLength;
    private final StringBuilder scratch = new StringBuilder(MAX_CHARS + 16);
    private final char[] decoded = new char[MAX_CHARS];
    private final boolean[] dirty;
    private final int[] dirtyList;
    private int dirtyCount;

    /**
     * @param slotOf the writer's slot of each traced probe, by {@link Probe#id()}; -1 when not traced
     * @param probeCount how many traced probes (slots) there are
     */
    TextDecoder(List<TextSignal> texts, int[] slotOf, int probeCount) {
        this.texts = List.copyOf(texts);
        int n = this.texts.size();
        sourceSlots = new int[n][];
        values = new long[n][];
        last = new char[n][MAX_CHARS];
        lastLength = new int[n];
        int[] perSlot = new int[probeCount];
        for (int t = 0; t < n; t++) {
            List<Probe> src = this.texts.get(t).sources();
            sourceSlots[t] = new int[src.size()];
            values[t] = new long[src.size()];
            for (int i = 0; i < src.size(); i++) {
                Probe p = src.get(i);
                int slot = p.id() < slotOf.length ? slotOf[p.id()] : -1;
                if (slot < 0) {
                    throw new IllegalArgumentException("text signal " + this.texts.get(t).path() + ": source " + p.path()
                            + " is not traced");
                }
                sourceSlots[t][i] = slot;
                if (!listedBefore(sourceSlots[t], i)) {
                    perSlot[slot]++; // a probe listed twice in one text counts once
                }
            }
        }
        // One flat list, texts of slot s at textList[textStart[s] .. textStart[s + 1]): most slots
        // have none, and changed() runs for every numeric change, so one small int array beats an
        // array object per slot (JFR had that lookup at 9% of the writer's samples).
        textStart = new int[probeCount + 1];
        int total = 0;
        for (int s = 0; s < probeCount; s++) {
            textStart[s] = total;
            total += perSlot[s];
        }
        textStart[probeCount] = total;
        textList = new int[total];
        int[] fill = new int[probeCount];
        for (int t = 0; t < n; t++) {
            int[] src = sourceSlots[t];
            for (int i = 0; i < src.length; i++) {
                if (!listedBefore(src, i)) {
                    textList[textStart[src[i]] + fill[src[i]]++] = t;
                }
            }
        }
        dirty = new boolean[n];
        dirtyList = new int[n];
    }

    /** True if {@code slots[i]} is also among {@code slots[0..i)}. */
    private static boolean listedBefore(int[] slots, int i) {
        for (int j = 0; j < i; j++) {
            if (slots[j] == slots[i]) {
                return true;
            }
        }
        return false;
    }

    int size() {
        return texts.size();
    }

    TextSignal signal(int t) {
        return texts.get(t);
    }

    /** The probe in {@code slot} changed in the current time step. */
    void changed(int slot) {
        for (int i = textStart[slot], end = textStart[slot + 1]; i < end; i++) {
            int t = textList[i];
            if (!dirty[t]) {
                dirty[t] = true;
                dirtyList[dirtyCount++] = t;
            }
        }
    }

    /** Some text may have changed since the last {@link #flush}. */
    boolean pending() {
        return dirtyCount > 0;
    }

    /** End of a time step: decodes the texts whose sources changed and hands on those that differ. */
    void flush(long[] current, Sink out) throws java.io.IOException {
        for (int i = 0; i < dirtyCount; i++) {
            int t = dirtyList[i];
            dirty[t] = false;
            int n = decode(t, current);
            if (!Arrays.equals(decoded, 0, n, last[t], 0, lastLength[t])) {
                keep(t, n);
                out.text(t, last[t], n);
            }
        }
        dirtyCount = 0;
    }

    /** Decodes every text from {@code current} and hands each on, changed or not (initial values, a window's snapshot). */
    void all(long[] current, Sink out) throws java.io.IOException {
        discard();
        for (int t = 0; t < texts.size(); t++) {
            keep(t, decode(t, current));
            out.text(t, last[t], lastLength[t]);
        }
    }

    private void keep(int t, int n) {
        System.arraycopy(decoded, 0, last[t], 0, n);
        lastLength[t] = n;
    }

    /** Forgets which texts changed (changes before a window: the window's snapshot decodes them all). */
    void discard() {
        for (int i = 0; i < dirtyCount; i++) {
            dirty[dirtyList[i]] = false;
        }
        dirtyCount = 0;
    }

    /** Decodes text {@code t} into {@link #decoded}; returns its length (cut at {@link #MAX_CHARS}). */
    private int decode(int t, long[] current) {
        long[] v = values[t];
        int[] src = sourceSlots[t];
        for (int i = 0; i < src.length; i++) {
            v[i] = current[src[i]];
        }
        scratch.setLength(0);
        texts.get(t).format().format(v, scratch);
        int n = Math.min(scratch.length(), MAX_CHARS);
        scratch.getChars(0, n, decoded, 0);
        return n;
    }
}
