package org.virtiosim.core.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.kernel.Kernel;

class ComponentTest {
    private final Kernel k = new Kernel();
    private final Component tb = Component.root(k, "tb", 99);

    @Test
    void hierarchicalNames() {
        Component legacy = tb.child("pf0").child("vf17").child("legacy");
        assertThat(legacy.path()).isEqualTo("tb.pf0.vf17.legacy");
        assertThat(legacy.probe("status", 8).path()).isEqualTo("tb.pf0.vf17.legacy.status");
        assertThat(legacy.counter("resets").name()).isEqualTo("tb.pf0.vf17.legacy.resets");
        assertThatThrownBy(() -> tb.child("pf0")).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> tb.child("a.b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> legacy.probe("status", 8)).hasMessageContaining("duplicate");
    }

    @Test
    void probesReportEveryChangeWithItsTimeAndOnlyChanges() {
        Probe status = tb.child("vf1").probe("status", 8);
        Probe other = tb.child("vf2").probe("status", 8);
        List<String> seen = new ArrayList<>();
        int attached = tb.tracing().attach((t, p, v) -> seen.add(t + " " + p.path() + "=" + v), p -> p.path().startsWith("tb.vf1"));
        assertThat(attached).isEqualTo(1);
        k.schedule(1000, arg -> status.set(1), 0);
        k.schedule(2000, arg -> status.set(1), 0);
        k.schedule(3000, arg -> status.set(0xF), 0);
        k.schedule(3000, arg -> other.set(3), 0);
        k.runUntilIdle();
        assertThat(seen).containsExactly("1000 tb.vf1.status=1", "3000 tb.vf1.status=15");
        assertThat(other.value()).isEqualTo(3);
        assertThatThrownBy(() -> status.set(0x100)).hasMessageContaining("does not fit");
        tb.tracing().detachAll();
        status.set(2);
        assertThat(seen).hasSize(2);
    }

    @Test
    void randomStreamsDependOnSeedAndPathOnly() {
        Component a = tb.child("a");
        long first = a.random().nextLong();
        Kernel k2 = new Kernel();
        Component tb2 = Component.root(k2, "tb", 99);
        tb2.child("zzz_built_first");
        assertThat(tb2.child("a").random().nextLong()).isEqualTo(first);
        assertThat(tb.child("b").random().nextLong()).isNotEqualTo(first);
        assertThat(Component.root(new Kernel(), "tb", 100).child("a").random().nextLong()).isNotEqualTo(first);
    }
}
