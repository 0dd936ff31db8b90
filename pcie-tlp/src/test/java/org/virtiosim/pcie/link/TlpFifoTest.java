package org.virtiosim.pcie.link;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.pcie.tlp.Tlp;

/** The transmit queue: first in, first out, with each TLP's order number and queueing time, across growth and wrap. */
class TlpFifoTest {
    @Test
    void keepsOrderNumbersAndTimesThroughWrapAndGrowth() {
        TlpFifo f = new TlpFifo();
        assertThat(f.isEmpty()).isTrue();
        assertThat(f.peekOrder()).isEqualTo(Long.MAX_VALUE);
        Tlp[] tlps = new Tlp[100];
        for (int i = 0; i < tlps.length; i++) {
            tlps[i] = new Tlp();
        }
        long next = 0;
        int popped = 0;
        // Move the head so that growth copies a wrapped ring.
        for (int i = 0; i < 10; i++) {
            f.push(tlps[i], next++, 1000L * i);
        }
        for (; popped < 7; popped++) {
            assertThat(f.peekOrder()).isEqualTo(popped);
            assertThat(f.pop()).isSameAs(tlps[popped]);
        }
        for (int i = 10; i < 100; i++) {
            f.push(tlps[i], next++, 1000L * i);
        }
        assertThat(f.size()).isEqualTo(93);
        for (; popped < 100; popped++) {
            assertThat(f.peek()).isSameAs(tlps[popped]);
            assertThat(f.peekOrder()).isEqualTo(popped);
            assertThat(f.peekQueuedFp()).isEqualTo(1000L * popped);
            assertThat(f.pop()).isSameAs(tlps[popped]);
        }
        assertThat(f.isEmpty()).isTrue();
        assertThat(f.size()).isZero();
    }
}
