package org.virtiosim.core.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.kernel.Kernel;

class ClockDomainTest {
    private final Kernel k = new Kernel();
    private final ClockDomain d = new ClockDomain(k, new Clock("core", 1000));

    @Test
    void sleepingProcessIsNotCalledAndWakesOnTheNextEdge() {
        List<Long> calls = new ArrayList<>();
        int[] id = new int[1];
        id[0] = d.add(cycle -> {
            calls.add(cycle);
            if (cycle == 2) {
                d.sleep(id[0]);
            }
        });
        k.run(10_000);
        assertThat(calls).containsExactly(0L, 1L, 2L);
        // Asleep, the domain schedules nothing: the clock costs nothing while idle.
        assertThat(k.pending()).isZero();
        assertThat(d.isAwake(id[0])).isFalse();

        // Woken between edges (at 12.5 ns) it runs from the next edge, cycle 13.
        k.schedule(12_500, arg -> d.wake(id[0]), 0);
        k.run(15_000);
        assertThat(calls).containsExactly(0L, 1L, 2L, 13L, 14L, 15L);
    }

    @Test
    void wokenExactlyOnAnEdgeThatHasNotRunRunsOnThatEdge() {
        List<Long> calls = new ArrayList<>();
        int id = d.addSleeping(calls::add);
        k.run(1_000);
        k.schedule(4_000, arg -> d.wake(id), 0);
        k.run(5_000);
        assertThat(calls).containsExactly(4L, 5L);
    }

    @Test
    void wokenByAnotherProcessOnAnEdgeRunsFromTheNextEdge() {
        List<String> calls = new ArrayList<>();
        int sleeper = d.addSleeping(cycle -> calls.add("s" + cycle));
        d.add(cycle -> {
            calls.add("w" + cycle);
            if (cycle == 1) {
                d.wake(sleeper);
            }
        });
        k.run(3_000);
        // The sleeper registered first, so once awake it runs first in each edge.
        assertThat(calls).containsExactly("w0", "w1", "s2", "w2", "s3", "w3");
    }

    @Test
    void callsFollowRegistrationOrderAfterSleepAndWakeChurn() {
        List<Integer> order = new ArrayList<>();
        int n = 8;
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            int me = i;
            ids[i] = d.add(cycle -> {
                order.add(me);
                // Each process sleeps on some edges; process 0 wakes everyone.
                if ((cycle + me) % 3 == 0) {
                    d.sleep(ids[me]);
                }
                if (me == 0) {
                    for (int j = n - 1; j >= 0; j--) {
                        d.wake(ids[j]);
                    }
                }
            });
        }
        List<List<Integer>> perEdge = new ArrayList<>();
        for (int e = 0; e < 20; e++) {
            order.clear();
            k.run(e * 1000L);
            perEdge.add(new ArrayList<>(order));
        }
        for (List<Integer> edge : perEdge) {
            assertThat(edge).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void registersShowTheValueFromBeforeTheEdgeWhateverTheCallOrder() {
        RegisterArray r = d.registers("shift", 4);
        r.reset(0, 1);
        // A shift register written front to back: without two-phase update the 1 would race
        // through all stages in one edge.
        for (int i = 0; i < 4; i++) {
            int me = i;
            d.add(cycle -> r.set(me, me == 0 ? 0 : r.get(me - 1)));
        }
        k.run(0);
        assertThat(new long[] {r.get(0), r.get(1), r.get(2), r.get(3)}).containsExactly(0, 1, 0, 0);
        k.run(1000);
        assertThat(new long[] {r.get(0), r.get(1), r.get(2), r.get(3)}).containsExactly(0, 0, 1, 0);
        k.run(2000);
        assertThat(new long[] {r.get(0), r.get(1), r.get(2), r.get(3)}).containsExactly(0, 0, 0, 1);
    }

    @Test
    void unwrittenRegistersHoldTheirValue() {
        RegisterArray r = d.registers("hold", 2);
        r.resetAll(7);
        d.add(cycle -> {
            if (cycle == 1) {
                r.set(0, 9);
            }
        });
        k.run(5000);
        assertThat(r.get(0)).isEqualTo(9);
        assertThat(r.get(1)).isEqualTo(7);
    }

    @Test
    void countsActivations() {
        int[] id = new int[1];
        d.add(cycle -> { });
        id[0] = d.add(cycle -> {
            if (cycle == 4) {
                d.sleep(id[0]);
            }
        });
        k.run(9_000);
        assertThat(d.edges()).isEqualTo(10);
        assertThat(d.activations()).isEqualTo(10 + 5);
    }

    @Test
    void idsAreHandedOutInRegistrationOrder() {
        assertThat(d.add(cycle -> { })).isEqualTo(0);
        assertThat(d.addSleeping(cycle -> { })).isEqualTo(1);
        assertThat(d.add(cycle -> { })).isEqualTo(2);
        assertThat(d.isAwake(0)).isTrue();
        assertThat(d.isAwake(1)).isFalse();
        assertThat(d.isAwake(2)).isTrue();
        assertThat(d.clock().name()).isEqualTo("core");
    }

    @Test
    void anUnknownIdIsRejected() {
        d.add(cycle -> { });
        d.add(cycle -> { });
        for (int bad : new int[] {-1, 2, 15}) {
            assertThatThrownBy(() -> d.sleep(bad)).as("sleep %d", bad).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no process " + bad);
            assertThatThrownBy(() -> d.wake(bad)).as("wake %d", bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> d.isAwake(bad)).as("isAwake %d", bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> d.add(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void lastCycleIsTheLastEdgeThatRan() {
        assertThat(d.lastCycle()).isEqualTo(-1);
        d.add(cycle -> { });
        k.run(0);
        assertThat(d.lastCycle()).isZero();
        k.run(3_500);
        assertThat(d.lastCycle()).isEqualTo(3);
    }

    @Test
    void processesWokenTogetherRunInRegistrationOrderWhateverTheWakeOrder() {
        List<Integer> calls = new ArrayList<>();
        int[] ids = new int[5];
        for (int i = 0; i < 5; i++) {
            int me = i;
            ids[i] = d.addSleeping(cycle -> calls.add(me));
        }
        k.schedule(500, arg -> {
            for (int w : new int[] {4, 2, 0, 3, 1}) {
                d.wake(ids[w]);
            }
        }, 0);
        k.run(1_000);
        assertThat(calls).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void manyProcessesAndManyWrittenBanksPerEdge() {
        int n = 40;
        List<Integer> calls = new ArrayList<>();
        RegisterArray[] banks = new RegisterArray[n];
        for (int i = 0; i < n; i++) {
            int me = i;
            banks[i] = d.registers("bank" + i, 1);
            d.add(cycle -> {
                calls.add(me);
                banks[me].set(0, cycle + 1);
            });
        }
        k.run(0);
        assertThat(calls).hasSize(n).isSorted();
        for (int i = 0; i < n; i++) {
            assertThat(banks[i].get(0)).as("bank %d", i).isEqualTo(1);
        }
        assertThat(d.activations()).isEqualTo(n);
    }

    @Test
    void aRegisterBankKeepsItsNameSizeAndResetValues() {
        RegisterArray r = d.registers("status", 3);
        assertThat(r.name()).isEqualTo("status");
        assertThat(r.size()).isEqualTo(3);
        r.resetAll(5);
        assertThat(new long[] {r.get(0), r.get(1), r.get(2)}).containsExactly(5, 5, 5);
        r.reset(1, 8);
        assertThat(new long[] {r.get(0), r.get(1), r.get(2)}).containsExactly(5, 8, 5);
        assertThat(d.registers("one", 1).size()).isEqualTo(1);
        assertThatThrownBy(() -> d.registers("none", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.registers("neg", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
