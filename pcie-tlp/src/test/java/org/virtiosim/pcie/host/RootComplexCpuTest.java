package org.virtiosim.pcie.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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
import org.virtiosim.pcie.tlp.TlpType;

/**
 * The root complex as the CPU's MMIO requester (class comment): loads leave as MRd after the issue
 * latency and retire the return latency after their completion, stores leave as posted MWr,
 * I/O and configuration writes are non-posted and retire on their completion; every non-posted
 * request holds one of {@link RootComplex#CPU_TAGS} tags, later ones wait in order, and the root
 * port's Completion Timeout (§2.8) ends a request that gets no answer.
 */
class RootComplexCpuTest {
    private static final int DEVICE_ID = 0x0100;
    private static final CpuTiming CPU = new CpuTiming(100_000, 200_000);
    private static final long TIMEOUT = 1_000_000_000L; // 1 ms

    /** A request as the device saw it, its payload copied (the link recycles the TLP). */
    record Seen(long timePs, TlpType type, int requester, int tag, long firstByte, int bytes, int targetId, int register,
                byte[] data) {
    }

    private final Kernel kernel = new Kernel();
    private final HostMemory memory = new HostMemory();
    private final List<Seen> atDevice = new ArrayList<>();
    private final List<Long> completionsAtRc = new ArrayList<>();
    private final List<String> done = new ArrayList<>();
    private final List<Long> doneAt = new ArrayList<>();
    private Consumer<Seen> device = this::answer;
    private Link link;
    private RootComplex rc;

    private final MmioListener listener = new MmioListener() {
        @Override
        public void mmioReadDone(long context, long value, CompletionStatus status) {
            done.add(context + "=" + Long.toHexString(value) + " " + status);
            doneAt.add(kernel.now());
        }

        @Override
        public void mmioReadTimedOut(long context) {
            done.add(context + " timed out");
            doneAt.add(kernel.now());
        }
    };

    private RootComplex build(boolean cpu) {
        return build(cpu ? CPU : null);
    }

    private RootComplex build(CpuTiming cpu) {
        link = new Link(kernel, new LinkConfig(LinkGeneration.GEN3, 8, 256, DllpPolicy.NONE, 0), "l", new TlpPool(),
                ReceiverCredits.UNSCALED_MAX, ReceiverCredits.UNSCALED_MAX);
        rc = new RootComplex(kernel, memory, new RootComplexTiming(10_000, 20_000, 5_000), 0x0000, 256);
        rc.attach(link.downstream());
        if (cpu != null) {
            rc.enableCpu(cpu, TIMEOUT);
        }
        link.connect(t -> {
            if (t.type().isCompletion()) {
                completionsAtRc.add(kernel.now());
            }
            rc.receive(t);
        }, t -> {
            byte[] data = t.hasDataBuffer() ? t.data().clone() : null;
            Seen s = new Seen(kernel.now(), t.type(), t.requesterId(), t.tag(), t.firstByteAddress(), t.requestBytes(),
                    t.targetId(), t.registerOffset(), data);
            atDevice.add(s);
            device.accept(s);
        });
        return rc;
    }

    /** The device's register bytes: a pattern any address gives the same way. */
    private static byte reg(long address) {
        return (byte) (address * 7 + 1);
    }

    /** The little-endian value of {@code bytes} register bytes from {@code address}. */
    private static long expected(long address, int bytes) {
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = v << 8 | (reg(address + i) & 0xFF);
        }
        return v;
    }

    /** The device's answer: CplD with the register bytes for a read, Cpl for a write. */
    private void answer(Seen s) {
        answer(s, CompletionStatus.SC, false);
    }

    private void answer(Seen s, CompletionStatus status, boolean poisoned) {
        if (s.type().isPosted()) {
            return;
        }
        Tlp c = link.upstream().newTlp();
        if (s.type().isRead() && status == CompletionStatus.SC) {
            int la = (int) (s.firstByte() & 0x7F);
            c.setCompletion(DEVICE_ID, status, s.requester(), s.tag(), s.bytes(), la, s.bytes());
            byte[] d = c.ensureData(c.lengthDw() * 4);
            for (int i = 0; i < s.bytes(); i++) {
                d[(la & 3) + i] = reg(s.firstByte() + i);
            }
        } else {
            // I/O and configuration completions and errors: no data, Byte Count 4 (§2.2.9.1).
            c.setCompletion(DEVICE_ID, status, s.requester(), s.tag(), 4, 0, 0);
        }
        c.ep(poisoned);
        link.upstream().send(c);
    }

    /** Runs 10 µs: long enough for every request and answer in flight, far short of the timeout. */
    private void settle() {
        kernel.run(kernel.now() + 10_000_000);
    }

    private void hold(Seen s) {
        // the device keeps the request and answers when the test says
    }

    @Test
    void aLoadLeavesAfterTheIssueLatencyAndRetiresTheReturnLatencyAfterItsCompletion() {
        // The same MRd sent straight on the link: the time the wire takes.
        build(false);
        link.downstream().send(link.downstream().newTlp().setMemoryRead(0, 0, 0x1000_0004L, 4));
        kernel.runUntilIdle();
        long wire = atDevice.get(0).timePs();
        atDevice.clear();
        completionsAtRc.clear();

        long start = kernel.now();
        build(true).cpuRead(0x1000_0004L, 4, 7, listener);
        kernel.runUntilIdle();
        assertThat(atDevice).hasSize(1);
        Seen s = atDevice.get(0);
        assertThat(s.type()).isEqualTo(TlpType.MRd32);
        assertThat(s.timePs() - start).isEqualTo(CPU.issuePs() + wire);
        assertThat(s.firstByte()).isEqualTo(0x1000_0004L);
        assertThat(s.bytes()).isEqualTo(4);
        assertThat(s.requester()).isZero();
        assertThat(done).containsExactly("7=" + Long.toHexString(expected(0x1000_0004L, 4)) + " SC");
        assertThat(doneAt.get(0)).isEqualTo(completionsAtRc.get(0) + CPU.returnPs());
        assertThat(rc.cpuRequestsOutstanding()).isZero();
        assertThat(rc.cpuTagWaits()).isZero();
    }

    @Test
    void aLoadReturnsTheLittleEndianBytesItAskedFor() {
        build(true);
        long[][] loads = {{0x2000, 1}, {0x2001, 2}, {0x2003, 1}, {0x2002, 4}, {0x2004, 8}, {0x2005, 8}, {0x2FF8, 8}, {0x2FFF, 1},
            {0x1_2345_6700L, 4}};
        for (int i = 0; i < loads.length; i++) {
            rc.cpuRead(loads[i][0], (int) loads[i][1], i, listener);
        }
        kernel.runUntilIdle();
        List<String> want = new ArrayList<>();
        for (int i = 0; i < loads.length; i++) {
            want.add(i + "=" + Long.toHexString(expected(loads[i][0], (int) loads[i][1])) + " SC");
            assertThat(atDevice.get(i).firstByte()).isEqualTo(loads[i][0]);
            assertThat(atDevice.get(i).bytes()).isEqualTo(loads[i][1]);
        }
        assertThat(done).containsExactlyElementsOf(want);
        assertThat(atDevice.get(loads.length - 1).type()).isEqualTo(TlpType.MRd64);
    }

    @Test
    void loadsAndStoresAreOneToEightBytesWithinAPage() {
        build(true);
        rc.cpuRead(0x3FF8, 8, 0, listener);
        rc.cpuWrite(0x3FF8, 8, 0);
        rc.cpuRead(0x3000, 1, 1, listener);
        rc.cpuWrite(0x3000, 1, 0);
        for (long[] bad : new long[][] {{0x3FF9, 8}, {0x3FFF, 2}, {0x3000, 0}, {0x3000, 9}, {0x3000, -1}}) {
            assertThatThrownBy(() -> rc.cpuRead(bad[0], (int) bad[1], 9, listener)).as("read %x/%d", bad[0], bad[1])
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MMIO read must be 1..8 bytes within a 4 KB page");
            assertThatThrownBy(() -> rc.cpuWrite(bad[0], (int) bad[1], 0)).as("write %x/%d", bad[0], bad[1])
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MMIO write must be 1..8 bytes within a 4 KB page");
        }
        kernel.runUntilIdle();
        assertThat(atDevice).extracting(Seen::type).containsExactly(TlpType.MRd32, TlpType.MWr32, TlpType.MRd32, TlpType.MWr32);
    }

    @Test
    void nonPostedCpuRequestsNeedTheCpuEnabled() {
        build(false);
        assertThatThrownBy(() -> rc.cpuRead(0x1000, 4, 0, listener)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> rc.cpuIoWrite(0xC000, 1, 0, 0, listener)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> rc.cpuConfigWrite(0x0100, 0, 4, 0, 0, listener)).isInstanceOf(IllegalStateException.class);
        assertThat(rc.cpuUnexpectedCompletions()).isZero();
        assertThat(rc.cpuRequestsOutstanding()).isZero();
        assertThat(rc.cpuCompletionTimeouts()).isZero();
        // A completion with no CPU requester is dropped.
        link.upstream().send(link.upstream().newTlp().setCompletion(DEVICE_ID, CompletionStatus.SC, 0, 3, 4, 0, 4));
        kernel.runUntilIdle();
        assertThat(done).isEmpty();
    }

    @Test
    void aStoreIsAPostedWriteOfItsLittleEndianBytes() {
        build(true);
        long start = kernel.now();
        rc.cpuWrite(0x4002, 2, 0xBEEF);
        rc.cpuWrite(0x1_0000_4000L, 8, 0x0807_0605_0403_0201L);
        assertThat(rc.cpuRequestsOutstanding()).as("posted: nothing to wait for").isZero();
        kernel.runUntilIdle();
        Seen w = atDevice.get(0);
        assertThat(w.type()).isEqualTo(TlpType.MWr32);
        assertThat(w.timePs() - start).isGreaterThan(CPU.issuePs());
        assertThat(w.firstByte()).isEqualTo(0x4002);
        assertThat(w.bytes()).isEqualTo(2);
        assertThat(w.data()[2]).isEqualTo((byte) 0xEF);
        assertThat(w.data()[3]).isEqualTo((byte) 0xBE);
        Seen w64 = atDevice.get(1);
        assertThat(w64.type()).isEqualTo(TlpType.MWr64);
        assertThat(w64.bytes()).isEqualTo(8);
        for (int i = 0; i < 8; i++) {
            assertThat(w64.data()[i]).isEqualTo((byte) (i + 1));
        }
        assertThat(done).isEmpty();
    }

    @Test
    void anIoWriteIsNonPostedAndRetiresOnItsCompletion() {
        build(true);
        rc.cpuIoWrite(0xC001, 2, 0xA1B2, 5, listener);
        assertThat(rc.cpuRequestsOutstanding()).isEqualTo(1);
        kernel.runUntilIdle();
        Seen s = atDevice.get(0);
        assertThat(s.type()).isEqualTo(TlpType.IOWr);
        assertThat(s.firstByte()).isEqualTo(0xC001);
        assertThat(s.bytes()).isEqualTo(2);
        assertThat(s.data()[1]).isEqualTo((byte) 0xB2);
        assertThat(s.data()[2]).isEqualTo((byte) 0xA1);
        assertThat(done).containsExactly("5=0 SC");
        assertThat(doneAt.get(0)).isEqualTo(completionsAtRc.get(0) + CPU.returnPs());
        assertThat(rc.cpuRequestsOutstanding()).isZero();
    }

    @Test
    void aConfigurationWriteCarriesOnlyItsBytesInTheRegistersDword() {
        build(true);
        rc.cpuConfigWrite(0x0300, 0x44, 4, 0xFFFF_FFFFL, 1, listener);
        kernel.runUntilIdle();
        // The next request reuses the pooled TLP and its buffer: the other bytes must be zero again.
        rc.cpuConfigWrite(0x0308, 0x45, 1, 0xAB7E, 2, listener); // bits above the byte count are not sent
        rc.cpuConfigWrite(0x0308, 0x102, 2, 0xCD1234, 3, listener);
        kernel.runUntilIdle();
        Seen full = atDevice.get(0);
        assertThat(full.type()).isEqualTo(TlpType.CfgWr0);
        assertThat(full.targetId()).isEqualTo(0x0300);
        assertThat(full.register()).isEqualTo(0x44);
        Seen one = atDevice.get(1);
        assertThat(one.targetId()).isEqualTo(0x0308);
        assertThat(one.register()).isEqualTo(0x44);
        assertThat(one.bytes()).isEqualTo(1);
        assertThat(java.util.Arrays.copyOf(one.data(), 4)).containsExactly(0, 0x7E, 0, 0);
        Seen two = atDevice.get(2);
        assertThat(two.register()).isEqualTo(0x100);
        assertThat(java.util.Arrays.copyOf(two.data(), 4)).containsExactly(0, 0, 0x34, 0x12);
        assertThat(done).containsExactly("1=0 SC", "2=0 SC", "3=0 SC");
    }

    @Test
    void aConfigurationReadIsOneCfgRd0OfItsDwordAndRetiresWithTheDwordItsCplDCarries() {
        build(true);
        device = s -> {
            Tlp c = link.upstream().newTlp();
            c.setCompletion(DEVICE_ID, CompletionStatus.SC, s.requester(), s.tag(), 4, 0, 4);
            byte[] d = c.ensureData(4);
            for (int i = 0; i < 4; i++) {
                d[i] = (byte) (0xA0 + i);
            }
            link.upstream().send(c);
        };
        rc.cpuConfigRead(0x0308, 0x52, 7, listener);
        kernel.runUntilIdle();
        assertThat(atDevice).hasSize(1);
        Seen r = atDevice.get(0);
        assertThat(r.type()).isEqualTo(TlpType.CfgRd0);
        assertThat(r.targetId()).isEqualTo(0x0308);
        assertThat(r.register()).as("the DW holding the offset").isEqualTo(0x50);
        assertThat(r.bytes()).isEqualTo(4);
        assertThat(done).containsExactly("7=a3a2a1a0 SC");
        assertThat(doneAt.get(0)).isEqualTo(completionsAtRc.get(0) + CPU.returnPs());
        assertThat(rc.cpuRequestsOutstanding()).isZero();
    }

    @Test
    void aConfigurationReadWithNoCompletionTimesOutAndAnUrEndsIt() {
        build(true);
        device = this::hold;
        rc.cpuConfigRead(0x0308, 0x10, 1, listener);
        kernel.run(kernel.now() + 2 * TIMEOUT);
        assertThat(done).containsExactly("1 timed out");
        assertThat(rc.cpuCompletionTimeouts()).isEqualTo(1);
        device = s -> answer(s, CompletionStatus.UR, false);
        rc.cpuConfigRead(0x0308, 0x10, 2, listener);
        kernel.runUntilIdle();
        assertThat(done).hasSize(2);
        assertThat(done.get(1)).startsWith("2=").endsWith(" UR");
        assertThatThrownBy(() -> rc.cpuConfigRead(0x0308, 4096, 3, listener)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenEveryTagIsInUseRequestsWaitInOrderAndKeepWhatTheyCarry() {
        build(true);
        device = this::hold;
        int held = RootComplex.CPU_TAGS;
        List<Seen> heldRequests = new ArrayList<>();
        int next = 0;
        for (; next < held; next++) {
            rc.cpuRead(0x10_0000 + 8L * next, 4, next, listener);
        }
        settle();
        heldRequests.addAll(atDevice);
        assertThat(heldRequests).hasSize(held);
        assertThat(heldRequests.stream().map(Seen::tag).distinct().count()).isEqualTo(held);

        // 40 wait; answering 30 lets 30 of them go; 70 more make the wait ring wrap and grow.
        int first = next;
        for (; next < first + 40; next++) {
            request(next);
        }
        assertThat(rc.cpuTagWaits()).isEqualTo(40);
        assertThat(rc.cpuRequestsOutstanding()).isEqualTo(held + 40);
        for (int i = 0; i < 30; i++) {
            answer(heldRequests.get(i));
        }
        settle();
        for (int stop = next + 70; next < stop; next++) {
            request(next);
        }
        assertThat(rc.cpuTagWaits()).isEqualTo(110);
        device = this::answer;
        for (int i = 30; i < held; i++) {
            answer(heldRequests.get(i));
        }
        for (Seen s : atDevice.subList(held, atDevice.size())) {
            answer(s);
        }
        kernel.runUntilIdle();

        assertThat(rc.cpuRequestsOutstanding()).isZero();
        assertThat(done).hasSize(next);
        List<String> want = new ArrayList<>();
        for (int i = 0; i < next; i++) {
            want.add(i + "=" + (isRead(i) ? Long.toHexString(expected(0x10_0000 + 8L * i, 4)) : "0") + " SC");
        }
        assertThat(done).containsExactlyElementsOf(want);
        // The waiting writes left, in order, with their own bytes and addresses.
        assertThat(atDevice).hasSize(next);
        for (int i = 0; i < next; i++) {
            Seen s = atDevice.get(i);
            if (s.type() == TlpType.IOWr) {
                int port = 0xC000 + 4 * (i % 16);
                assertThat(s.firstByte()).isEqualTo(port + 1);
                assertThat(s.data()[1]).isEqualTo((byte) i);
                assertThat(s.data()[2]).isEqualTo((byte) (i >> 8));
            } else if (s.type() == TlpType.CfgWr0) {
                assertThat(s.targetId()).isEqualTo(0x0300 | (i & 7));
                assertThat(s.register()).isEqualTo(0x10);
                assertThat(java.util.Arrays.copyOf(s.data(), 4)).containsExactly((byte) i, (byte) (i >> 8), (byte) 0xA5, 0);
            }
        }
    }

    private static boolean isRead(int i) {
        return i < RootComplex.CPU_TAGS || i % 3 == 0;
    }

    /** Request i: a load, an I/O write or a configuration write, each with bytes that tell it apart. */
    private void request(int i) {
        if (isRead(i)) {
            rc.cpuRead(0x10_0000 + 8L * i, 4, i, listener);
        } else if (i % 3 == 1) {
            rc.cpuIoWrite(0xC001 + 4 * (i % 16), 2, i & 0xFFFF, i, listener);
        } else {
            rc.cpuConfigWrite(0x0300 | (i & 7), 0x10, 3, 0xA5_0000 | (i & 0xFFFF), i, listener);
        }
    }

    @Test
    void manyLoadsRetiringAtOnceRetireInCompletionOrder() {
        CpuTiming slowReturn = new CpuTiming(100_000, 2_000_000);
        build(slowReturn);
        device = this::hold;
        for (int i = 0; i < 200; i++) {
            rc.cpuRead(0x20_0000 + 4L * i, 4, i, listener);
        }
        settle();
        // Answered from the last to the first: their completions arrive, and retire, in that order.
        for (int i = atDevice.size() - 1; i >= 0; i--) {
            answer(atDevice.get(i));
        }
        kernel.runUntilIdle();
        List<String> want = new ArrayList<>();
        for (int i = 199; i >= 0; i--) {
            want.add(i + "=" + Long.toHexString(expected(0x20_0000 + 4L * i, 4)) + " SC");
        }
        assertThat(done).containsExactlyElementsOf(want);
        for (int i = 0; i < 200; i++) {
            assertThat(doneAt.get(i)).isEqualTo(completionsAtRc.get(i) + slowReturn.returnPs());
        }
        // All 200, more than the retire queue's initial 64, were waiting out the return latency together.
        assertThat(completionsAtRc.get(199) - completionsAtRc.get(0)).isLessThan(slowReturn.returnPs());
    }

    @Test
    void aRequestWithoutAnAnswerTimesOutAndItsLateCompletionIsUnexpected() {
        build(true);
        device = this::hold;
        rc.cpuRead(0x5000, 4, 42, listener);
        kernel.run(TIMEOUT - 1);
        assertThat(done).isEmpty();
        kernel.run(TIMEOUT);
        assertThat(done).containsExactly("42 timed out");
        assertThat(doneAt).containsExactly(TIMEOUT);
        assertThat(rc.cpuCompletionTimeouts()).isEqualTo(1);
        assertThat(rc.cpuRequestsOutstanding()).isZero();
        answer(atDevice.get(0));
        kernel.runUntilIdle();
        assertThat(rc.cpuUnexpectedCompletions()).isEqualTo(1);
        assertThat(done).hasSize(1);
    }

    @Test
    void aTimeoutFreesATagForAWaitingRequest() {
        build(true);
        device = this::hold;
        for (int i = 0; i < RootComplex.CPU_TAGS; i++) {
            rc.cpuRead(0x6000 + 4L * (i % 64), 4, i, listener);
        }
        kernel.run(1_000_000);
        rc.cpuRead(0x7000, 4, 999, listener);
        device = this::answer;
        kernel.runUntilIdle();
        assertThat(rc.cpuCompletionTimeouts()).isEqualTo(RootComplex.CPU_TAGS);
        assertThat(done).hasSize(RootComplex.CPU_TAGS + 1);
        assertThat(done.get(RootComplex.CPU_TAGS)).isEqualTo("999=" + Long.toHexString(expected(0x7000, 4)) + " SC");
        assertThat(atDevice.get(RootComplex.CPU_TAGS).timePs()).isGreaterThan(TIMEOUT);
    }

    @Test
    void poisonedDataIsNotConsumedTheLoadGetsAllOnesAsACompleterAbort() {
        build(true);
        device = s -> answer(s, CompletionStatus.SC, true);
        rc.cpuRead(0x8000, 4, 3, listener);
        kernel.runUntilIdle();
        assertThat(done).containsExactly("3=ffffffff CA");
        assertThat(rc.cpuPoisonedCompletions()).isEqualTo(1);
        // The tag is free again.
        device = this::answer;
        rc.cpuRead(0x8004, 4, 4, listener);
        kernel.runUntilIdle();
        assertThat(done).containsExactly("3=ffffffff CA", "4=" + Long.toHexString(expected(0x8004, 4)) + " SC");
        assertThat(rc.cpuRequestsOutstanding()).isZero();
    }

    @Test
    void anUnsuccessfulCompletionRetiresTheLoadWithItsStatus() {
        build(true);
        device = s -> answer(s, CompletionStatus.UR, false);
        rc.cpuRead(0x9000, 4, 8, listener);
        kernel.runUntilIdle();
        assertThat(done).containsExactly("8=0 UR");
    }

    @Test
    void deviceWritesToTheMsiWindowAreInterruptsNotMemory() {
        build(true);
        List<Integer> vectors = new ArrayList<>();
        rc.setInterruptListener(vectors::add);
        long[] addresses = {RootComplex.MSI_BASE, RootComplex.MSI_BASE + 0x1000, RootComplex.MSI_LIMIT - 3, RootComplex.MSI_BASE - 4,
            RootComplex.MSI_LIMIT + 1};
        for (int i = 0; i < addresses.length; i++) {
            Tlp w = link.upstream().newTlp().setMemoryWrite(DEVICE_ID, addresses[i], 4);
            byte[] d = w.ensureData(4);
            d[0] = (byte) (0x20 + i);
            d[1] = 0x7F;
            link.upstream().send(w);
        }
        kernel.runUntilIdle();
        assertThat(vectors).containsExactly(0x20, 0x21, 0x22);
        assertThat(rc.writesReceived()).isEqualTo(2);
        assertThat(memory.readLong(RootComplex.MSI_BASE - 4) & 0xFFFF).isEqualTo(0x7F23);
        assertThat(memory.readLong(RootComplex.MSI_LIMIT + 1) & 0xFFFF).isEqualTo(0x7F24);
        // Without a listener an MSI address is plain memory.
        rc.setInterruptListener(null);
        Tlp w = link.upstream().newTlp().setMemoryWrite(DEVICE_ID, RootComplex.MSI_BASE, 4);
        w.ensureData(4)[0] = 0x55;
        link.upstream().send(w);
        kernel.runUntilIdle();
        assertThat(rc.writesReceived()).isEqualTo(3);
        assertThat(memory.readLong(RootComplex.MSI_BASE) & 0xFF).isEqualTo(0x55);
        assertThat(vectors).hasSize(3);
    }

    @Test
    void aDeviceWriteCommitsAfterTheIngressLatencyAndTheIommuWalk() {
        build(false);
        assertThat(rc.lastWriteCommitPs()).isEqualTo(-1);
        assertThat(rc.memory()).isSameAs(memory);
        long[] arrived = new long[1];
        link.connect(t -> {
            arrived[0] = kernel.now();
            rc.receive(t);
        }, t -> { });
        Tlp w = link.upstream().newTlp().setMemoryWrite(DEVICE_ID, 0x1_0000L, 8);
        w.ensureData(8);
        link.upstream().send(w);
        kernel.runUntilIdle();
        assertThat(rc.lastWriteCommitPs()).isEqualTo(arrived[0] + 10_000);
        rc.setIommu(new Iommu(4, 0, 300_000));
        kernel.schedule(kernel.now() + 1_000_000, arg -> {
            Tlp x = link.upstream().newTlp().setMemoryWrite(DEVICE_ID, 0x2_0000L, 8);
            x.ensureData(8);
            link.upstream().send(x);
        }, 0);
        kernel.runUntilIdle();
        assertThat(rc.lastWriteCommitPs()).isEqualTo(arrived[0] + 10_000 + 300_000);
        assertThat(rc.writesReceived()).isEqualTo(2);
    }

    @Test
    void dmaReadsAreCountedWithTheCompletionsThatAnswerThem() {
        build(false);
        device = s -> { };
        link.upstream().send(link.upstream().newTlp().setMemoryRead(DEVICE_ID, 1, 0x2040, 512)); // 3 completions
        link.upstream().send(link.upstream().newTlp().setMemoryRead(DEVICE_ID, 2, 0x3000, 64)); // 1
        kernel.runUntilIdle();
        assertThat(rc.readsReceived()).isEqualTo(2);
        assertThat(rc.completionsSent()).isEqualTo(4);
        assertThat(atDevice).extracting(Seen::type).containsOnly(TlpType.CplD);
        assertThat(atDevice).hasSize(4);
    }

    @Test
    void theCompletionSplitIsAPowerOfTwoFrom64To4096() {
        new RootComplex(kernel, memory, RootComplexTiming.DEFAULT, 0, 64);
        new RootComplex(kernel, memory, RootComplexTiming.DEFAULT, 0, 4096);
        for (int bad : new int[] {32, 96, 8192, 0}) {
            assertThatThrownBy(() -> new RootComplex(kernel, memory, RootComplexTiming.DEFAULT, 0, bad)).as("%d", bad)
                .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void latenciesMustNotBeNegative() {
        new CpuTiming(0, 0);
        new RootComplexTiming(0, 0, 0);
        assertThatThrownBy(() -> new CpuTiming(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CpuTiming(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RootComplexTiming(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RootComplexTiming(0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RootComplexTiming(0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPoisonedCompletionFreesItsTagForAWaitingRequest() {
        build(true);
        device = this::hold;
        for (int i = 0; i < RootComplex.CPU_TAGS; i++) {
            rc.cpuRead(0x6000 + 4L * (i % 64), 4, i, listener);
        }
        settle();
        rc.cpuRead(0x7000, 4, 999, listener);
        assertThat(rc.cpuTagWaits()).isEqualTo(1);
        answer(atDevice.get(0), CompletionStatus.SC, true);
        settle();
        assertThat(atDevice).hasSize(RootComplex.CPU_TAGS + 1);
        assertThat(atDevice.get(RootComplex.CPU_TAGS).firstByte()).isEqualTo(0x7000);
        assertThat(done).containsExactly("0=ffffffff CA");
    }

    @Test
    void aDeviceReadOfTheMsiWindowIsARead() {
        build(false);
        List<Integer> vectors = new ArrayList<>();
        rc.setInterruptListener(vectors::add);
        device = s -> { };
        link.upstream().send(link.upstream().newTlp().setMemoryRead(DEVICE_ID, 1, RootComplex.MSI_BASE, 4));
        kernel.runUntilIdle();
        assertThat(vectors).isEmpty();
        assertThat(rc.readsReceived()).isEqualTo(1);
        assertThat(atDevice).extracting(Seen::type).containsExactly(TlpType.CplD);
    }

    @Test
    void anUnalignedDeviceWriteLandsOnExactlyItsBytes() {
        build(false);
        memory.writeLong(0x5000, -1L);
        Tlp w = link.upstream().newTlp().setMemoryWrite(DEVICE_ID, 0x5001, 3);
        byte[] d = w.ensureData(4);
        d[1] = 0x11;
        d[2] = 0x22;
        d[3] = 0x33;
        link.upstream().send(w);
        kernel.runUntilIdle();
        assertThat(memory.readLong(0x5000)).isEqualTo(0xFFFF_FFFF_3322_11FFL);
    }
}
