package org.virtiosim.device.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IsolationMonitorTest {
    @Test
    void aRequestReachingAnotherVfIsABreachAndUntaggedOnesAreNotChecked() {
        IsolationMonitor m = new IsolationMonitor(200);
        m.check(3, 3);
        m.check(IsolationMonitor.NONE, 7);
        assertThat(m.checked()).isEqualTo(1);
        assertThat(m.breaches()).isZero();
        m.check(3, 130);
        m.check(4, 7);
        m.check(5, 130);
        assertThat(m.breaches()).isEqualTo(3);
        assertThat(m.firstIssuedFor()).isEqualTo(3);
        assertThat(m.firstReached()).isEqualTo(130);
        assertThat(m.affected()).containsExactly(7, 130);
    }

    @Test
    void tagsSurviveGrowthAndAnUntaggedKeyIsNone() {
        IsolationMonitor m = new IsolationMonitor(4);
        for (int i = 0; i < 1000; i++) {
            m.tag(0x1000_0000L + 64L * i, i % 4 + 1);
        }
        m.tag(0x1000_0000L, 4); // re-tagging a buffer replaces its VF
        assertThat(m.tagOf(0x1000_0000L)).isEqualTo(4);
        for (int i = 1; i < 1000; i++) {
            assertThat(m.tagOf(0x1000_0000L + 64L * i)).isEqualTo(i % 4 + 1);
        }
        assertThat(m.tagOf(0x2000_0000L)).isEqualTo(IsolationMonitor.NONE);
    }
}
