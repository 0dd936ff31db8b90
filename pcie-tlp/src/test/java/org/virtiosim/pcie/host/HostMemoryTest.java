package org.virtiosim.pcie.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.random.SplitMix64;

class HostMemoryTest {
    @Test
    void behavesLikeAByteMapAcrossPagesAndGrowth() {
        HostMemory m = new HostMemory();
        Map<Long, Byte> ref = new HashMap<>();
        SplitMix64 r = new SplitMix64(5);
        for (int i = 0; i < 5000; i++) {
            long a = r.nextLong(1L << 40);
            int n = 1 + (int) r.nextLong(9000);
            byte[] b = new byte[n];
            for (int k = 0; k < n; k++) {
                b[k] = (byte) r.nextLong();
                ref.put(a + k, b[k]);
            }
            m.write(a, b, 0, n);
        }
        SplitMix64 q = new SplitMix64(5);
        for (int i = 0; i < 200; i++) {
            long a = q.nextLong(1L << 40);
            int n = 1 + (int) q.nextLong(9000);
            byte[] got = new byte[n];
            m.read(a, got, 0, n);
            for (int k = 0; k < n; k++) {
                assertThat(got[k]).isEqualTo(ref.getOrDefault(a + k, (byte) 0));
                q.nextLong();
            }
        }
        byte[] zero = new byte[16];
        m.read(0x7F_0000_0000_00L, zero, 0, 16);
        assertThat(zero).containsOnly(0);
        assertThat(m.pages()).isGreaterThan(5000);
    }
}
