package com.example.fw;

import static org.virtiosim.kit.VirtioSimAssertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.kit.Results;
import org.virtiosim.kit.ScenarioRun;
import org.virtiosim.kit.VirtioSimScenario;

/** The README's example test, as written there. */
class HoldStatusFirmwareTest {
    @Test
    @VirtioSimScenario(value = "linux-net-probe", vfs = 16, firmware = HoldStatusFirmware.class)
    void holdsStatusReadsUntilTheResetEnds(Results results) {
        assertThat(results).isClean();                          // every protocol check, every scheme and route
        assertThat(results).firmware().neverAnsweredDuringReset().deferredAnswersAllGiven().touchesOnlyItsOwnVf();
        assertThat(results).scheme("mmio").accessCycles().p99().isLessThan(25_000);   // your own budget
    }

    @Test
    void itsStateIsFourBytesPerVf() {
        long scheme = ScenarioRun.of("linux-net-probe").schemes("mmio").notifyPaths().run().scheme("mmio").deviceCost().firmwareBytesPerVf();
        Results r = ScenarioRun.of("linux-net-probe").schemes("mmio").notifyPaths().firmware(HoldStatusFirmware.class).run();
        assertThat(r).scheme("mmio").deviceCost().firmwareBytesPerVf().isEqualTo(scheme + 4);
    }
}
