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

    @Test
    void aComponentKnowsItsPlaceInTheTree() {
        Component pf = tb.child("pf0");
        Component vf = pf.child("vf1");
        Component vf2 = pf.child("vf2");
        assertThat(tb.parent()).isNull();
        assertThat(vf.parent()).isSameAs(pf);
        assertThat(vf.name()).isEqualTo("vf1");
        assertThat(vf.kernel()).isSameAs(k);
        assertThat(vf.tracing()).isSameAs(tb.tracing());
        assertThat(vf.toString()).isEqualTo("tb.pf0.vf1");
        assertThat(pf.children()).containsExactly(vf, vf2);
        assertThat(tb.children()).containsExactly(pf);
        assertThat(vf.children()).isEmpty();
        assertThatThrownBy(() -> pf.children().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void countersAndLatenciesAreNamedByPathAndListedInOrder() {
        Component vf = tb.child("vf3");
        var resets = vf.counter("resets");
        var kicks = vf.counter("kicks");
        var lat = vf.latency("reset_ps");
        assertThat(lat.name()).isEqualTo("tb.vf3.reset_ps");
        assertThat(vf.counters()).containsExactly(resets, kicks);
        assertThat(vf.latencies()).containsExactly(lat);
        assertThat(tb.counters()).isEmpty();
        assertThatThrownBy(() -> vf.counters().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> vf.latencies().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void everyOwnedThingNeedsAFreshWellFormedName() {
        Component vf = tb.child("vf4");
        vf.counter("resets");
        vf.child("queue");
        for (String taken : new String[] {"resets", "queue"}) {
            assertThatThrownBy(() -> vf.counter(taken)).as(taken).hasMessageContaining("duplicate name tb.vf4." + taken);
            assertThatThrownBy(() -> vf.latency(taken)).as(taken).hasMessageContaining("duplicate");
            assertThatThrownBy(() -> vf.probe(taken, 1)).as(taken).hasMessageContaining("duplicate");
            assertThatThrownBy(() -> vf.child(taken)).as(taken).hasMessageContaining("duplicate");
        }
        for (String bad : new String[] {"9lives", "a-b", "a.b", ""}) {
            assertThatThrownBy(() -> vf.counter(bad)).as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad name");
            assertThatThrownBy(() -> vf.latency(bad)).as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad name");
            assertThatThrownBy(() -> vf.probe(bad, 1)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(vf.counter("_x9").name()).isEqualTo("tb.vf4._x9");
    }

    @Test
    void probesAreOneToSixtyFourBitsWide() {
        Component c = tb.child("w");
        Probe bit = c.probe("bit", 1);
        Probe word = c.probe("word", 64);
        assertThat(bit.width()).isEqualTo(1);
        assertThat(word.width()).isEqualTo(64);
        bit.set(1);
        assertThatThrownBy(() -> bit.set(2)).isInstanceOf(IllegalArgumentException.class);
        word.set(-1L);
        assertThat(word.value()).isEqualTo(-1L);
        assertThatThrownBy(() -> c.probe("none", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.probe("wide", 65)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void probesAreNumberedDenselyInCreationOrderAcrossTheHierarchy() {
        Probe a = tb.child("x").probe("a", 4);
        Probe b = tb.child("y").probe("b", 4);
        Probe c = tb.probe("c", 4);
        assertThat(a.id()).isEqualTo(0);
        assertThat(b.id()).isEqualTo(1);
        assertThat(c.id()).isEqualTo(2);
        assertThat(tb.tracing().probes()).containsExactly(a, b, c);
        assertThat(b.name()).isEqualTo("b");
        assertThat(b.owner().path()).isEqualTo("tb.y");
        assertThat(b.path()).isEqualTo("tb.y.b");
        assertThatThrownBy(() -> tb.tracing().probes().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void attachingASinkDetachesItFromTheProbesTheFilterRejects() {
        Probe a = tb.child("x").probe("a", 4);
        Probe b = tb.child("y").probe("b", 4);
        List<String> seen = new ArrayList<>();
        assertThat(tb.tracing().attach((t, p, v) -> seen.add(p.name() + "=" + v), p -> true)).isEqualTo(2);
        a.set(1);
        b.set(1);
        assertThat(tb.tracing().attach((t, p, v) -> seen.add(p.name() + "=" + v), p -> p == b)).isEqualTo(1);
        a.set(2);
        b.set(2);
        assertThat(seen).containsExactly("a=1", "b=1", "b=2");
        assertThat(tb.tracing().attach((t, p, v) -> seen.add("x"), p -> false)).isZero();
        a.set(3);
        b.set(3);
        assertThat(seen).hasSize(3);
    }

    @Test
    void textSignalsAreRegisteredInOrderAndAWriterGetsThoseWhoseSourcesItTraces() {
        Component link = tb.child("link");
        Probe type = link.probe("type", 4);
        Probe tag = link.probe("tag", 8);
        TextSignal both = link.text("tlp", (v, out) -> out.append(v[0]).append('/').append(v[1]), type, tag);
        TextSignal typeOnly = link.text("kind", (v, out) -> out.append(v[0]), type);
        assertThat(tb.tracing().texts()).containsExactly(both, typeOnly);
        assertThat(tb.tracing().textsOf(p -> true)).containsExactly(both, typeOnly);
        assertThat(tb.tracing().textsOf(p -> p == type)).containsExactly(typeOnly);
        assertThat(tb.tracing().textsOf(p -> false)).isEmpty();
        type.set(3);
        tag.set(9);
        assertThat(both.decodeNow()).isEqualTo("3/9");
        assertThat(both.path()).isEqualTo("tb.link.tlp");
        assertThatThrownBy(() -> tb.tracing().texts().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
