package org.virtiosim.core.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.random.SplitMix64;

class SlotTableTest {

    @Test
    void freshIdsAscendAndFreedIdsComeBackLastFreedFirst() {
        SlotTable t = new SlotTable(4);
        for (int i = 0; i < 5; i++) {
            assertThat(t.allocate()).isEqualTo(i);
        }
        t.free(1);
        t.free(3);
        assertThat(t.allocate()).isEqualTo(3);
        assertThat(t.allocate()).isEqualTo(1);
        assertThat(t.allocate()).isEqualTo(5);
        assertThat(t.live()).isEqualTo(6);
    }

    @Test
    void freeAndAllocateRoundTripsKeepTheLiveCount() {
        SlotTable t = new SlotTable(2);
        int a = t.allocate();
        int b = t.allocate();
        for (int i = 0; i < 1000; i++) {
            t.free(a);
            assertThat(t.live()).isEqualTo(1);
            assertThat(t.allocate()).isEqualTo(a);
            assertThat(t.live()).isEqualTo(2);
        }
        t.free(b);
        t.free(a);
        assertThat(t.live()).isZero();
        assertThat(t.allocate()).isEqualTo(a);
        assertThat(t.allocate()).isEqualTo(b);
        assertThat(t.capacity()).isEqualTo(2);
    }

    /** The ids a sequence of calls sees, with the table starting at {@code initialCapacity}. */
    private static List<Integer> ids(int initialCapacity, long seed) {
        SlotTable t = new SlotTable(initialCapacity);
        SplitMix64 r = new SplitMix64(seed);
        List<Integer> seen = new ArrayList<>();
        List<Integer> liveIds = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            if (liveIds.isEmpty() || (r.nextLong() & 3) != 0 && liveIds.size() < 3000) {
                int id = t.allocate();
                seen.add(id);
                liveIds.add(id);
            } else {
                t.free(liveIds.remove((int) Long.remainderUnsigned(r.nextLong(), liveIds.size())));
            }
        }
        return seen;
    }

    @Test
    void idOrderDoesNotDependOnInitialCapacityOrGrowth() {
        List<Integer> small = ids(1, 42);
        assertThat(ids(16, 42)).isEqualTo(small);
        assertThat(ids(4096, 42)).isEqualTo(small);
    }

    /**
     * The same ids as the hand-written tables it replaced: the event queue's free list threaded
     * through its {@code next} array, pre-linked in ascending order, grown when empty.
     */
    @Test
    void idOrderMatchesAFreeListThreadedThroughANextArray() {
        SplitMix64 r = new SplitMix64(7);
        SlotTable t = new SlotTable(16);
        int[] next = new int[16];
        int[] freeHead = {-1};
        linkFree(next, freeHead, 0, 16);
        List<Integer> liveIds = new ArrayList<>();
        for (int step = 0; step < 50_000; step++) {
            if (liveIds.isEmpty() || (r.nextLong() & 1) == 0 && liveIds.size() < 2000) {
                int n = freeHead[0];
                if (n == -1) {
                    int old = next.length;
                    next = Arrays.copyOf(next, old * 2);
                    linkFree(next, freeHead, old, old * 2);
                    n = freeHead[0];
                }
                freeHead[0] = next[n];
                assertThat(t.allocate()).as("step %d", step).isEqualTo(n);
                liveIds.add(n);
            } else {
                int n = liveIds.remove((int) Long.remainderUnsigned(r.nextLong(), liveIds.size()));
                next[n] = freeHead[0];
                freeHead[0] = n;
                t.free(n);
            }
        }
        assertThat(t.capacity()).isEqualTo(next.length);
    }

    private static void linkFree(int[] next, int[] freeHead, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            next[i] = freeHead[0];
            freeHead[0] = i;
        }
    }

    @Test
    void growthKeepsEveryColumnsValuesAndFillsNewSlotsWithTheInitialValue() {
        SlotTable t = new SlotTable(2);
        IntColumn i = t.intColumn();
        IntColumn position = t.intColumn(-1);
        LongColumn l = t.longColumn();
        LongColumn deadline = t.longColumn(Long.MAX_VALUE);
        BooleanColumn b = t.booleanColumn();
        ObjectColumn<String> o = t.objectColumn();
        for (int n = 0; n < 100; n++) {
            int id = t.allocate();
            assertThat(position.get(id)).isEqualTo(-1);
            assertThat(deadline.get(id)).isEqualTo(Long.MAX_VALUE);
            assertThat(i.get(id)).isZero();
            assertThat(b.get(id)).isFalse();
            assertThat(o.get(id)).isNull();
            i.set(id, id * 3);
            position.set(id, id);
            l.set(id, id * 1_000_000_007L);
            deadline.set(id, -id);
            b.set(id, id % 3 == 0);
            o.set(id, "r" + id);
        }
        assertThat(t.capacity()).isEqualTo(128);
        for (int id = 0; id < 100; id++) {
            assertThat(i.get(id)).isEqualTo(id * 3);
            assertThat(position.get(id)).isEqualTo(id);
            assertThat(l.get(id)).isEqualTo(id * 1_000_000_007L);
            assertThat(deadline.get(id)).isEqualTo(-id);
            assertThat(b.get(id)).isEqualTo(id % 3 == 0);
            assertThat(o.get(id)).isEqualTo("r" + id);
        }
        for (int id = 100; id < 128; id++) {
            assertThat(position.get(id)).isEqualTo(-1);
            assertThat(deadline.get(id)).isEqualTo(Long.MAX_VALUE);
        }
        assertThat(i.array()).hasSize(128);
        assertThat(l.array()).hasSize(128);
        assertThat(b.array()).hasSize(128);
    }

    @Test
    void aFreedSlotKeepsItsValuesUntilOverwritten() {
        SlotTable t = new SlotTable(4);
        IntColumn c = t.intColumn(-1);
        int id = t.allocate();
        c.set(id, 9);
        t.free(id);
        assertThat(t.allocate()).isEqualTo(id);
        assertThat(c.get(id)).isEqualTo(9);
    }

    @Test
    void aColumnAddedLaterHasTheTablesCurrentCapacity() {
        SlotTable t = new SlotTable(1);
        for (int n = 0; n < 5; n++) {
            t.allocate();
        }
        IntColumn late = t.intColumn(7);
        assertThat(late.array()).hasSize(t.capacity()).containsOnly(7);
        late.set(7, 1);
        assertThat(t.allocate()).isEqualTo(5);
    }

    @Test
    void aBoundedTableGrowsToItsMaximumAndThenSaysNone() {
        SlotTable t = new SlotTable(3, 5);
        IntColumn c = t.intColumn();
        for (int n = 0; n < 5; n++) {
            assertThat(t.allocate()).isEqualTo(n);
        }
        assertThat(t.capacity()).isEqualTo(5);
        assertThat(c.array()).hasSize(5);
        assertThat(t.allocate()).isEqualTo(SlotTable.NONE);
        assertThat(t.live()).isEqualTo(5);
        t.free(2);
        assertThat(t.allocate()).isEqualTo(2);
        assertThat(t.allocate()).isEqualTo(SlotTable.NONE);
    }

    @Test
    void aFixedTableNeverGrows() {
        SlotTable t = new SlotTable(2, 2);
        assertThat(t.allocate()).isEqualTo(0);
        assertThat(t.allocate()).isEqualTo(1);
        assertThat(t.allocate()).isEqualTo(SlotTable.NONE);
        assertThat(t.capacity()).isEqualTo(2);
        assertThat(t.maxCapacity()).isEqualTo(2);
    }

    @Test
    void theGrowthActionRunsOnceTheColumnsHaveTheirNewArrays() {
        SlotTable t = new SlotTable(1);
        LongColumn c = t.longColumn();
        List<Integer> lengths = new ArrayList<>();
        t.onGrowth(() -> lengths.add(c.array().length));
        for (int n = 0; n < 9; n++) {
            t.allocate();
        }
        assertThat(lengths).containsExactly(2, 4, 8, 16);
        assertThatThrownBy(() -> t.onGrowth(() -> { })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsCapacitiesThatCannotWork() {
        assertThatThrownBy(() -> new SlotTable(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SlotTable(8, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SlotTable(8, Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anyNumberOfColumnsGrowTogether() {
        SlotTable t = new SlotTable(2);
        List<IntColumn> cols = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            cols.add(t.intColumn(c));
        }
        for (int i = 0; i < 10; i++) {
            int id = t.allocate();
            for (int c = 0; c < cols.size(); c++) {
                assertThat(cols.get(c).get(id)).as("column %d, id %d", c, id).isEqualTo(c);
                cols.get(c).set(id, 100 * c + id);
            }
        }
        for (int c = 0; c < cols.size(); c++) {
            assertThat(cols.get(c).array()).hasSize(t.capacity());
            for (int id = 0; id < 10; id++) {
                assertThat(cols.get(c).get(id)).isEqualTo(100 * c + id);
            }
        }
    }
}
