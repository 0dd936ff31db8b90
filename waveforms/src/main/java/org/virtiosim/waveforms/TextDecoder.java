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
        void text(int text, CharSequence value) throws java.io.IOException;
    }

    private final List<TextSignal> texts;
    private final int[][] sourceSlots;
    private final int[][] textsOfSlot;
    private final long[][] values;
    private final StringBuilder[] last;
    private final StringBuilder scratch = new StringBuilder(MAX_CHARS + 16);
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
        last = new StringBuilder[n];
        int[] perSlot = new int[probeCount];
        for (int t = 0; t < n; t++) {
            List<Probe> src = this.texts.get(t).sources();
            sourceSlots[t] = new int[src.size()];
            values[t] = new long[src.size()];
            last[t] = new StringBuilder(MAX_CHARS + 16);
            for (int i = 0; i < src.size(); i++) {
                Probe p = src.get(i);
                int slot = p.id() < slotOf.length ? slotOf[p.id()] : -1;
                if (slot < 0) {
                    throw new IllegalArgumentException("text signal " + this.texts.get(t).path() + ": source " + p.path()
                            + " is not traced");
                }
                sourceSlots[t][i] = slot;
                perSlot[slot]++;
            }
        }
        textsOfSlot = new int[probeCount][];
        for (int s = 0; s < probeCount; s++) {
            textsOfSlot[s] = new int[perSlot[s]];
        }
        Arrays.fill(perSlot, 0);
        for (int t = 0; t < n; t++) {
            for (int s : sourceSlots[t]) {
                if (perSlot[s] == 0 || textsOfSlot[s][perSlot[s] - 1] != t) {
                    textsOfSlot[s][perSlot[s]++] = t;
                }
            }
        }
        for (int s = 0; s < probeCount; s++) {
            if (perSlot[s] != textsOfSlot[s].length) {
                textsOfSlot[s] = Arrays.copyOf(textsOfSlot[s], perSlot[s]); // a probe listed twice in one text
            }
        }
        dirty = new boolean[n];
        dirtyList = new int[n];
    }

    int size() {
        return texts.size();
    }

    TextSignal signal(int t) {
        return texts.get(t);
    }

    /** The probe in {@code slot} changed in the current time step. */
    void changed(int slot) {
        int[] ts = textsOfSlot[slot];
        for (int t : ts) {
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
            decode(t, current);
            if (!contentEquals(last[t], scratch)) {
                last[t].setLength(0);
                last[t].append(scratch);
                out.text(t, last[t]);
            }
        }
        dirtyCount = 0;
    }

    /** Decodes every text from {@code current} and hands each on, changed or not (initial values, a window's snapshot). */
    void all(long[] current, Sink out) throws java.io.IOException {
        discard();
        for (int t = 0; t < texts.size(); t++) {
            decode(t, current);
            last[t].setLength(0);
            last[t].append(scratch);
            out.text(t, last[t]);
        }
    }

    /** Forgets which texts changed (changes before a window: the window's snapshot decodes them all). */
    void discard() {
        for (int i = 0; i < dirtyCount; i++) {
            dirty[dirtyList[i]] = false;
        }
        dirtyCount = 0;
    }

    private void decode(int t, long[] current) {
        long[] v = values[t];
        int[] src = sourceSlots[t];
        for (int i = 0; i < src.length; i++) {
            v[i] = current[src[i]];
        }
        scratch.setLength(0);
        texts.get(t).format().format(v, scratch);
        if (scratch.length() > MAX_CHARS) {
            scratch.setLength(MAX_CHARS);
        }
    }

    private static boolean contentEquals(StringBuilder a, StringBuilder b) {
        int n = a.length();
        if (n != b.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
