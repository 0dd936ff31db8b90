package org.virtiosim.device.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The accesses a host half carries out: who to tell, the token, when each began. */
class HostRequestsTest {
    private final HostRequests r = new HostRequests();
    private final List<long[]> told = new ArrayList<>();
    private final AccessListener listener = (token, value, failed) -> told.add(new long[] {token, value, failed ? 1 : 0});

    @Test
    void closeTellsTheListenerItsTokenValueAndOutcome() {
        int a = r.open(listener, 7, 100);
        int b = r.open(listener, 8, 200);
        assertThat(a).isNotEqualTo(b);
        assertThat(r.startedPs(a)).isEqualTo(100);
        assertThat(r.startedPs(b)).isEqualTo(200);
        r.close(b, 0xAB, true);
        r.close(a, 0xCD, false);
        assertThat(told).containsExactly(new long[] {8, 0xAB, 1}, new long[] {7, 0xCD, 0});
    }

    @Test
    void eachRequestHasItsOwnListener() {
        List<Long> other = new ArrayList<>();
        int a = r.open(listener, 1, 0);
        int b = r.open((token, value, failed) -> other.add(token), 2, 0);
        r.close(a, 0, false);
        r.close(b, 0, false);
        assertThat(told).hasSize(1);
        assertThat(other).containsExactly(2L);
    }

    @Test
    void openIdsAreDistinctAndBelowTheCapacity() {
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int id = r.open(listener, i, 10L * i);
            assertThat(ids.add(id)).as("id " + id + " reused while open").isTrue();
        }
        for (int id : ids) {
            assertThat(r.startedPs(id)).isBetween(0L, 2990L);
        }
        // Every request still knows its own token and start.
        List<Integer> sorted = new ArrayList<>(ids);
        for (int id : sorted) {
            r.close(id, id, false);
        }
        assertThat(told).hasSize(300);
        for (long[] t : told) {
            assertThat(t[1]).as("value passed through").isBetween(0L, 299L);
        }
        Set<Long> tokens = new HashSet<>();
        told.forEach(t -> tokens.add(t[0]));
        assertThat(tokens).hasSize(300);
    }

    @Test
    void startedTimesSurviveGrowth() {
        int[] id = new int[200];
        for (int i = 0; i < 200; i++) {
            id[i] = r.open(listener, i, 1000L + i);
        }
        for (int i = 0; i < 200; i++) {
            assertThat(r.startedPs(id[i])).isEqualTo(1000L + i);
        }
        for (int i = 0; i < 200; i++) {
            r.close(id[i], 0, false);
        }
        for (int i = 0; i < 200; i++) {
            assertThat(told.get(i)[0]).isEqualTo(i);
        }
    }

    @Test
    void closedIdsAreReusedSoASteadyStreamDoesNotGrow() {
        int first = r.open(listener, -1, 0);
        r.close(first, 0, false);
        for (int i = 0; i < 10_000; i++) {
            int id = r.open(listener, i, i);
            assertThat(id).as("a closed id comes back first").isEqualTo(first);
            r.close(id, 0, false);
        }
        told.remove(0);
        assertThat(told).hasSize(10_000);
    }

    @Test
    void theIdIsFreeWhenTheListenerRuns() {
        // A listener that starts the next access at once (the guest's next instruction) may get the same id.
        int[] next = {-1};
        int first = r.open((token, value, failed) -> next[0] = r.open(listener, 2, 5), 1, 0);
        r.close(first, 0, false);
        assertThat(next[0]).isEqualTo(first);
        r.close(next[0], 3, false);
        assertThat(told).containsExactly(new long[] {2, 3, 0});
    }
}
