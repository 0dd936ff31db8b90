package org.virtiosim.waveforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.component.Component;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.component.TextFormat;
import org.virtiosim.core.component.TextSignal;
import org.virtiosim.core.kernel.Kernel;

/** The decoder hands on exactly the texts that changed, each the text of its sources' values. */
class TextDecoderTest {
    private static final TextFormat PAIR = (v, out) -> out.append("a=").append(v[0]).append(" b=").append(v[1]);
    private static final TextFormat ONE = (v, out) -> {
        if (v[0] != 0) {
            out.append("c=").append(v[0]).append(v[0] % 7 == 0 ? " \u00e9" : ""); // some not ASCII
        }
    };

    @Test
    void everyTextHandedOnIsTheTextOfItsSourcesValues() throws Exception {
        Component c = Component.root(new Kernel(), "tb", 1).child("x");
        Probe a = c.probe("a", 16);
        Probe b = c.probe("b", 16);
        Probe k = c.probe("k", 8);
        // Two texts share one format with their sources swapped, a third has its own.
        List<TextSignal> texts = List.of(c.text("ab", PAIR, a, b), c.text("ba", PAIR, b, a), c.text("k_text", ONE, k));
        TextDecoder dec = new TextDecoder(texts, new int[] {0, 1, 2}, 3);
        long[] current = new long[3];
        String[] expectedLast = {"", "", ""}; // the decoder starts from empty texts (a sink hands on all() first)
        List<String> got = new ArrayList<>();
        List<Integer> gotText = new ArrayList<>();
        TextDecoder.Sink sink = (t, chars, n) -> {
            gotText.add(t);
            got.add(new String(chars, 0, n));
        };
        SplittableRandom rnd = new SplittableRandom(7);
        int handedOn = 0;
        for (int step = 0; step < 200_000; step++) {
            // Small ranges for some steps (a source often set to the value it had), wide ones for others.
            int range = (step & 1024) == 0 ? 5 : 60_000;
            int s = rnd.nextInt(3);
            current[s] = rnd.nextInt(s == 2 ? Math.min(range, 256) : range);
            dec.changed(s);
            got.clear();
            gotText.clear();
            dec.flush(current, sink);
            List<String> want = new ArrayList<>();
            List<Integer> wantText = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                if ((s == 2) != (t == 2)) {
                    continue; // not a source of the changed probe
                }
                String text = decode(texts.get(t), current, t);
                if (!text.equals(expectedLast[t])) {
                    expectedLast[t] = text;
                    wantText.add(t);
                    want.add(text);
                }
            }
            assertThat(got).as("step %d", step).isEqualTo(want);
            assertThat(gotText).as("step %d", step).isEqualTo(wantText);
            handedOn += got.size();
        }
        assertThat(handedOn).isGreaterThan(100_000);
    }

    private static String decode(TextSignal s, long[] current, int t) {
        long[] v = t == 0 ? new long[] {current[0], current[1]} : t == 1 ? new long[] {current[1], current[0]} : new long[] {current[2]};
        StringBuilder sb = new StringBuilder();
        s.format().format(v, sb);
        return sb.toString();
    }
}
