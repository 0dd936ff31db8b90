package org.virtiosim.core.slot;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Allocating and freeing ids, and reading and writing their columns, allocate nothing once the
 * table has grown to its peak: measured with the JVM's per-thread allocation counter, as the
 * kernel's steady-state test does. Reading the counter costs a few hundred bytes, so a window of
 * ten times as many operations as another must allocate no more than it.
 */
class SlotTableAllocationTest {

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private final SlotTable table = new SlotTable(4);
    private final IntColumn next = table.intColumn(-1);
    private final LongColumn value = table.longColumn();
    private final BooleanColumn busy = table.booleanColumn();
    private final ObjectColumn<Object> owner = table.objectColumn();
    private final Object someone = new Object();
    /** A FIFO of live ids threaded through {@link #next}, so frees come in an order unlike allocations. */
    private int head = -1;
    private int tail = -1;
    private long checksum;

    /** Keeps between 0 and 1023 ids live, allocating and freeing in a pseudo-random pattern. */
    private long bytesFor(int rounds) {
        long before = allocatedBytes();
        long x = 1;
        for (int i = 0; i < rounds; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            if ((x >>> 62) != 0 && table.live() < 1023 || head < 0) {
                int id = table.allocate();
                next.set(id, -1);
                value.set(id, x);
                busy.set(id, true);
                owner.set(id, someone);
                if (tail < 0) {
                    head = id;
                } else {
                    next.set(tail, id);
                }
                tail = id;
            } else {
                int id = head;
                head = next.get(id);
                if (head < 0) {
                    tail = -1;
                }
                checksum += value.get(id) + (busy.get(id) ? 1 : 0) + (owner.get(id) == someone ? 1 : 0);
                busy.set(id, false);
                owner.set(id, null);
                table.free(id);
            }
        }
        return allocatedBytes() - before;
    }

    @Test
    void allocateFreeAndColumnAccessAllocateNothingOnceGrown() {
        bytesFor(2_000_000); // warm up: the table reaches its peak size, the code gets compiled
        int capacity = table.capacity();
        long shortWindow = bytesFor(200_000);
        long longWindow = bytesFor(2_000_000);
        assertThat(table.capacity()).isEqualTo(capacity).isEqualTo(1024);
        assertThat(checksum).isNotZero();
        assertThat(longWindow).as("bytes over 2M operations vs 200k (%d)", shortWindow)
                .isLessThanOrEqualTo(shortWindow + 256);
    }
}
