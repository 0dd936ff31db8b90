package org.virtiosim.testbench.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Faults.parse, from its documented grammar: each kind, its bounds, and the one-line message of a bad spec. */
class FaultsParseTest {
    private static Fault one(String spec, int vfs) {
        List<Fault> f = Faults.parse(List.of(spec), vfs);
        assertThat(f).hasSize(1);
        return f.get(0);
    }

    @Test
    void everyKindParsesToItsRecordWithItsArguments() {
        assertThat(one("drop-completion@3", 4)).isEqualTo(new Fault.DropCompletion("drop-completion@3", 3));
        assertThat(one("poison-completion@5", 4)).isEqualTo(new Fault.PoisonCompletion("poison-completion@5", 5));
        assertThat(one("late-completion@1", 4)).isEqualTo(new Fault.LateCompletion("late-completion@1", 1));
        assertThat(one("stall-firmware@10:200", 4)).isEqualTo(new Fault.StallFirmware("stall-firmware@10:200", 10, 200));
        assertThat(one("surprise-reset@2:50", 4)).isEqualTo(new Fault.SurpriseReset("surprise-reset@2:50", 2, 50));
    }

    @Test
    void theBadSpecMessageNamesEveryRegisteredKindInItsForm() {
        assertThat(Faults.KINDS.ids()).hasSize(8);
        String message = Faults.bad("x").getMessage();
        for (FaultKind k : Faults.KINDS.all()) {
            assertThat(message).as("the message lists %s", k.usage()).contains(k.usage());
        }
        assertThatThrownBy(() -> one("no-such-fault@1", 4)).hasMessage(message.replace("'x'", "'no-such-fault@1'"));
    }

    @Test
    void theListKeepsItsOrderAndSpecsReturnsTheSpecsAsGiven() {
        List<String> specs = List.of("surprise-reset@1:0", "drop-completion@2", "Stall-Firmware@0:1");
        List<Fault> f = Faults.parse(specs, 2);
        assertThat(f).hasExactlyElementsOfTypes(Fault.SurpriseReset.class, Fault.DropCompletion.class, Fault.StallFirmware.class);
        assertThat(Faults.specs(f)).isEqualTo(specs);
        assertThat(Faults.parse(List.of(), 2)).isEmpty();
    }

    @Test
    void kindsAreCaseInsensitiveAndTheRecordCarriesTheSpecAsWritten() {
        Fault f = one(" DROP-Completion@7 ", 4);
        assertThat(f).isInstanceOf(Fault.DropCompletion.class);
        assertThat(((Fault.DropCompletion) f).nth()).isEqualTo(7);
        assertThat(f.spec()).isEqualTo(" DROP-Completion@7 ");
        assertThat(one("SURPRISE-RESET@4:9", 4)).isEqualTo(new Fault.SurpriseReset("SURPRISE-RESET@4:9", 4, 9));
        assertThat(one("Poison-Completion@2", 1)).isInstanceOf(Fault.PoisonCompletion.class);
        assertThat(one("LATE-COMPLETION@2", 1)).isInstanceOf(Fault.LateCompletion.class);
        assertThat(one("Stall-Firmware@1:2", 1)).isInstanceOf(Fault.StallFirmware.class);
    }

    @Test
    void boundsAtTheirEdgesAreAccepted() {
        assertThat(one("stall-firmware@0:1", 1)).isEqualTo(new Fault.StallFirmware("stall-firmware@0:1", 0, 1));
        assertThat(one("stall-firmware@1000000000:1000000000", 1))
                .isEqualTo(new Fault.StallFirmware("stall-firmware@1000000000:1000000000", 1_000_000_000L, 1_000_000_000L));
        assertThat(one("surprise-reset@1:0", 3)).isEqualTo(new Fault.SurpriseReset("surprise-reset@1:0", 1, 0));
        assertThat(one("surprise-reset@3:1000000000", 3)).isEqualTo(new Fault.SurpriseReset("surprise-reset@3:1000000000", 3, 1_000_000_000L));
        assertThat(one("drop-completion@1", 1)).isEqualTo(new Fault.DropCompletion("drop-completion@1", 1));
        assertThat(one("drop-completion@" + Long.MAX_VALUE, 1)).isEqualTo(new Fault.DropCompletion("drop-completion@" + Long.MAX_VALUE, Long.MAX_VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "drop-completion", "drop-completion@", "drop-completion@0", "drop-completion@-1", "drop-completion@x",
        "poison-completion@0", "late-completion@0", "late-completion@1.5", "flip-bit@3", "@3", "drop-completion@1:2",
        "stall-firmware@1", "stall-firmware@1:0", "stall-firmware@-1:5", "stall-firmware@1000000001:1", "stall-firmware@0:1000000001",
        "stall-firmware@1:2:3", "stall-firmware@:5", "stall-firmware@5:",
        "surprise-reset@0:10", "surprise-reset@3:10", "surprise-reset@1:-1", "surprise-reset@1:1000000001", "surprise-reset@1",
        "surprise-reset@a:b", "surprise-reset@99999999999:1"})
    void aBadSpecIsOneLineNamingItAndTheGrammar(String spec) {
        assertThatThrownBy(() -> Faults.parse(List.of(spec), 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--fault '" + spec + "': expected ")
                .hasMessageContaining("drop-completion@N").hasMessageContaining("poison-completion@N").hasMessageContaining("late-completion@N")
                .hasMessageContaining("stall-firmware@T_US:D_US").hasMessageContaining("surprise-reset@VF:T_US")
                .hasMessageContaining("1000000000 µs")
                .hasMessageNotContaining("\n");
    }

    @Test
    void theFirstBadSpecOfAListIsTheOneNamed() {
        assertThatThrownBy(() -> Faults.parse(List.of("drop-completion@1", "bogus@1", "worse@2"), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--fault 'bogus@1'");
    }

    @Test
    void theVfOfASurpriseResetIsHeldToTheNumberOfVfs() {
        assertThat(one("surprise-reset@4:1", 4)).isInstanceOf(Fault.SurpriseReset.class);
        assertThatThrownBy(() -> Faults.parse(List.of("surprise-reset@4:1"), 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePfDriverFaultsParseWithDecimalOrHexAndTheOtherVfMayExceedVfs() {
        assertThat(one("notify-info-offset@2:0x1200", 4)).isEqualTo(new Fault.NotifyInfoOffset("notify-info-offset@2:0x1200", 2, 0x1200));
        assertThat(one("notify-info-offset@1:4", 4)).isEqualTo(new Fault.NotifyInfoOffset("notify-info-offset@1:4", 1, 4));
        assertThat(one("AQ-Member@3:9", 4)).isEqualTo(new Fault.AqMember("AQ-Member@3:9", 3, 9));
        assertThat(one("pf-window-slot@4:65535", 4)).isEqualTo(new Fault.PfWindowSlot("pf-window-slot@4:65535", 4, 65535));
    }

    @ParameterizedTest
    @ValueSource(strings = {"notify-info-offset@5:0", "notify-info-offset@1:3", "notify-info-offset@1:0x100000000", "notify-info-offset@1",
        "notify-info-offset@1:-2", "notify-info-offset@1:0x", "notify-info-offset@1:+2", "aq-member@0:1", "aq-member@1:0", "aq-member@1:65536",
        "aq-member@x:1", "pf-window-slot@0:1", "pf-window-slot@5:1", "pf-window-slot@1:2:3"})
    void badPfDriverFaultsAreOneLineNamingTheSpec(String spec) {
        assertThatThrownBy(() -> Faults.parse(List.of(spec), 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(spec).hasMessageNotContaining("\n");
    }
}
