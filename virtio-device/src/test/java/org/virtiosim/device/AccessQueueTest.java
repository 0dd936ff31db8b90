package org.virtiosim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A VF's accesses run one at a time in arrival order; VFs are independent. */
class AccessQueueTest {
    private final List<Integer> started = new ArrayList<>();
    private final AccessQueue q = new AccessQueue(3, started::add);

    @Test
    void anAccessOnAnIdleVfStartsAtOnceWithItsFields() {
        int op = q.add(2, true, 0x12, 1, 0xAB, -1);
        assertThat(started).containsExactly(op);
        assertThat(q.vf(op)).isEqualTo(2);
        assertThat(q.isWrite(op)).isTrue();
        assertThat(q.offset(op)).isEqualTo(0x12);
        assertThat(q.size(op)).isEqualTo(1);
        assertThat(q.value(op)).isEqualTo(0xAB);
        assertThat(q.slot(op)).isEqualTo(-1);
        int rd = q.add(3, false, 0x0C, 2, 0, 17);
        assertThat(started).containsExactly(op, rd);
        assertThat(q.isWrite(rd)).isFalse();
        assertThat(q.slot(rd)).isEqualTo(17);
        q.value(rd, 256);
        assertThat(q.value(rd)).isEqualTo(256);
        q.startedPs(rd, 1234);
        assertThat(q.startedPs(rd)).isEqualTo(1234);
    }

    @Test
    void aVfsAccessesRunOneAtATimeInArrivalOrder() {
        int a = q.add(1, true, 0x04, 4, 1, -1);
        int b = q.add(1, false, 0x04, 4, 0, 5);
        int c = q.add(1, true, 0x12, 1, 0, -1);
        assertThat(started).containsExactly(a);
        q.finish(a);
        assertThat(started).containsExactly(a, b);
        q.finish(b);
        assertThat(started).containsExactly(a, b, c);
        q.finish(c);
        assertThat(started).hasSize(3);
        int d = q.add(1, false, 0, 4, 0, 6);
        assertThat(started).as("idle again: starts at once").endsWith(d);
    }

    @Test
    void vfsDoNotWaitForEachOther() {
        int a1 = q.add(1, false, 0, 4, 0, 1);
        int a2 = q.add(1, false, 0, 4, 0, 2);
        int b1 = q.add(2, false, 0, 4, 0, 3);
        int c1 = q.add(3, false, 0, 4, 0, 4);
        assertThat(started).containsExactly(a1, b1, c1);
        q.finish(b1);
        assertThat(started).containsExactly(a1, b1, c1);
        q.finish(a1);
        assertThat(started).containsExactly(a1, b1, c1, a2);
        assertThat(q.slot(a2)).isEqualTo(2);
    }

    @Test
    void opsInUseAreDistinctAndFinishedOnesAreReused() {
        List<Integer> ops = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ops.add(q.add(1 + i % 3, i % 2 == 0, i, 4, 1000L + i, i));
        }
        assertThat(ops).doesNotHaveDuplicates();
        for (int i = 0; i < 200; i++) {
            int op = ops.get(i);
            assertThat(q.vf(op)).isEqualTo(1 + i % 3);
            assertThat(q.offset(op)).isEqualTo(i);
            assertThat(q.value(op)).isEqualTo(1000L + i);
            assertThat(q.slot(op)).isEqualTo(i);
            assertThat(q.isWrite(op)).isEqualTo(i % 2 == 0);
            assertThat(q.size(op)).isEqualTo(4);
        }
        // Each VF's ops start in order as the one before finishes.
        started.clear();
        for (int i = 0; i < 200; i++) {
            q.finish(ops.get(i));
        }
        List<Integer> expected = new ArrayList<>(ops.subList(3, 200));
        assertThat(started).isEqualTo(expected);
        int again = q.add(2, false, 1, 1, 0, 0);
        assertThat(ops).as("a freed op is reused").contains(again);
    }

    @Test
    void startedTimesAreKeptPerOpWhenTheArraysGrow() {
        List<Integer> ops = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            int op = q.add(1, false, 0, 4, 0, i);
            q.startedPs(op, 10L * i);
            ops.add(op);
        }
        for (int i = 0; i < 130; i++) {
            assertThat(q.startedPs(ops.get(i))).isEqualTo(10L * i);
        }
    }
}
