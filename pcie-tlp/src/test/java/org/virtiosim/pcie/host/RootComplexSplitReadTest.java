package org.virtiosim.pcie.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.pcie.fc.ReceiverCredits;
import org.virtiosim.pcie.link.DllpPolicy;
import org.virtiosim.pcie.link.Link;
import org.virtiosim.pcie.link.LinkConfig;
import org.virtiosim.pcie.link.LinkGeneration;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.tlp.TlpPool;

/**
 * A CPU load answered in several completions (a completer may split a read at its Read
 * Completion Boundary, §2.3.1.1): every part's bytes land where its Lower Address puts them, and
 * a poisoned part (§2.7.2) poisons the load even when a clean part comes last.
 */
class RootComplexSplitReadTest {
    private static final int DEVICE_ID = 0x0100;
    private final Kernel kernel = new Kernel();
    private final List<String> done = new ArrayList<>();
    private final List<int[]> requests = new ArrayList<>(); // tag, requester
    private Link link;
    private RootComplex rc;

    private final MmioListener listener = new MmioListener() {
        @Override
        public void mmioReadDone(long context, long value, CompletionStatus status) {
            done.add(context + "=" + Long.toHexString(value) + " " + status);
        }

        @Override
        public void mmioReadTimedOut(long context) {
            done.add(context + " timed out");
        }
    };

    RootComplexSplitReadTest() {
        link = new Link(kernel, new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.NONE, 0), "l", new TlpPool(),
                ReceiverCredits.UNSCALED_MAX, ReceiverCredits.UNSCALED_MAX);
        rc = new RootComplex(kernel, new HostMemory(), new RootComplexTiming(10_000, 20_000, 5_000), 0x0000, 64);
        rc.attach(link.downstream());
        rc.enableCpu(new CpuTiming(100_000, 200_000), 1_000_000_000L);
        link.connect(rc, t -> requests.add(new int[] {t.tag(), t.requesterId()}));
    }

    /** Runs 10 µs: every request and answer arrives, far short of the 1 ms Completion Timeout. */
    private void settle() {
        kernel.run(kernel.now() + 10_000_000);
    }

    /** One part: Byte Count (bytes left, this one's included), Lower Address, and its bytes. */
    private void part(int byteCount, int lowerAddress, boolean poisoned, int... bytes) {
        int[] r = requests.get(0);
        Tlp c = link.upstream().newTlp();
        c.setCompletion(DEVICE_ID, CompletionStatus.SC, r[1], r[0], byteCount, lowerAddress, bytes.length);
        byte[] d = c.ensureData(c.lengthDw() * 4);
        for (int i = 0; i < bytes.length; i++) {
            d[(lowerAddress & 3) + i] = (byte) bytes[i];
        }
        c.ep(poisoned);
        link.upstream().send(c);
    }

    @Test
    void anEightByteLoadAcrossA64ByteBoundaryGetsAllEightBytesFromItsTwoCompletions() {
        rc.cpuRead(0x103C, 8, 1, listener);
        settle();
        assertThat(requests).hasSize(1);
        part(8, 0x3C, false, 0x11, 0x22, 0x33, 0x44);
        settle();
        assertThat(done).as("the load waits for the rest").isEmpty();
        part(4, 0x40, false, 0x55, 0x66, 0x77, 0x88);
        settle();
        assertThat(done).containsExactly("1=8877665544332211 SC");
        assertThat(rc.cpuRequestsOutstanding()).isZero();
    }

    @Test
    void thePartsMayComeInAnyOrderTheirLowerAddressPlacesThem() {
        rc.cpuRead(0x203C, 8, 2, listener);
        settle();
        // Completions of one request must stay in address order (§2.4.1); the value still comes from
        // Lower Address, not arrival: a part placed wrongly would show here as swapped halves.
        part(8, 0x3C, false, 0x01, 0x02, 0x03, 0x04);
        part(4, 0x40, false, 0x05, 0x06, 0x07, 0x08);
        settle();
        assertThat(done).containsExactly("2=807060504030201 SC");
    }

    @Test
    void aPoisonedFirstPartPoisonsTheLoadThoughTheLastIsClean() {
        rc.cpuRead(0x303C, 8, 3, listener);
        settle();
        part(8, 0x3C, true, 0x11, 0x22, 0x33, 0x44);
        part(4, 0x40, false, 0x55, 0x66, 0x77, 0x88);
        settle();
        assertThat(done).containsExactly("3=ffffffffffffffff CA");
        assertThat(rc.cpuPoisonedCompletions()).isEqualTo(1);
        assertThat(rc.cpuRequestsOutstanding()).isZero();
    }

    @Test
    void aLoadOfOneTagDoesNotKeepTheBytesOfTheLoadBefore() {
        rc.cpuRead(0x103C, 8, 4, listener);
        settle();
        part(8, 0x3C, false, 0xFF, 0xFF, 0xFF, 0xFF);
        part(4, 0x40, false, 0xFF, 0xFF, 0xFF, 0xFF);
        settle();
        requests.clear();
        rc.cpuRead(0x1040, 2, 5, listener); // likely the same tag, now free
        settle();
        part(2, 0x40, false, 0x34, 0x12);
        settle();
        assertThat(done).containsExactly("4=ffffffffffffffff SC", "5=1234 SC");
    }
}
