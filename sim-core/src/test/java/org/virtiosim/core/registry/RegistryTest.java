package org.virtiosim.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Registry as its class comment states it: entries in the order users see them, one source of every error text. */
class RegistryTest {
    private record Scheme(String id, int cost) {
    }

    private static final Scheme PF = new Scheme("pf-window", 3);
    private static final Scheme VF = new Scheme("vf-bar", 1);
    private static final Scheme IO = new Scheme("io-bar", 2);
    private final Registry<Scheme> schemes = new Registry<>("scheme", Scheme::id, List.of(VF, PF, IO));

    @Test
    void entriesAndIdsKeepTheOrderGiven() {
        assertThat(schemes.all()).containsExactly(VF, PF, IO);
        assertThat(schemes.ids()).containsExactly("vf-bar", "pf-window", "io-bar");
        assertThat(schemes.known()).isEqualTo("vf-bar, pf-window, io-bar");
        assertThat(schemes.what()).isEqualTo("scheme");
    }

    @Test
    void theListsCannotBeChangedFromOutside() {
        assertThatThrownBy(() -> schemes.all().add(PF)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> schemes.ids().remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(schemes.ids()).hasSize(3);
    }

    @Test
    void findGivesTheEntryOrNull() {
        assertThat(schemes.find("pf-window")).isSameAs(PF);
        assertThat(schemes.find("io-bar")).isSameAs(IO);
        assertThat(schemes.find("PF-WINDOW")).isNull();
        assertThat(schemes.find("none")).isNull();
    }

    @Test
    void requireGivesTheEntryOrNamesWhatIsKnown() {
        assertThat(schemes.require("vf-bar")).isSameAs(VF);
        assertThatThrownBy(() -> schemes.require("x"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("unknown scheme 'x' (known: vf-bar, pf-window, io-bar)");
        Registry<Scheme> routes = new Registry<>("notification path", Scheme::id, List.of(IO));
        assertThatThrownBy(() -> routes.require("msi"))
            .hasMessage("unknown notification path 'msi' (known: io-bar)");
    }

    @Test
    void anIdRegisteredTwiceIsRejected() {
        Scheme other = new Scheme("pf-window", 9);
        assertThatThrownBy(() -> new Registry<>("scheme", Scheme::id, List.of(PF, VF, other)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("scheme registered twice: pf-window");
    }

    @Test
    void anEmptyRegistryKnowsNothing() {
        Registry<Scheme> none = new Registry<>("scenario", Scheme::id, List.of());
        assertThat(none.all()).isEmpty();
        assertThat(none.ids()).isEmpty();
        assertThat(none.known()).isEmpty();
        assertThatThrownBy(() -> none.require("a")).hasMessage("unknown scenario 'a' (known: )");
    }
}
