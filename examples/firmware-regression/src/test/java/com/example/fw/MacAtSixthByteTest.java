package com.example.fw;

import static org.virtiosim.kit.VirtioSimAssertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.device.firmware.examples.MacAtSixthByte;
import org.virtiosim.kit.Results;
import org.virtiosim.kit.ScenarioRun;
import org.virtiosim.kit.VirtioSimScenario;

/** The MAC applied at its sixth byte: the network never sees an address the driver did not mean, on any scheme. */
class MacAtSixthByteTest {
    @Test
    @VirtioSimScenario(value = "mac-bytewise", vfs = 8, firmware = MacAtSixthByte.class, set = "mac_apply=each-byte")
    void noSchemeExposesAnIntermediateMac(Results results) {
        assertThat(results).isClean();
        assertThat(results).firmware().intermediateMacs().isZero();
        assertThat(results).firmware().neverAnsweredDuringReset().deferredAnswersAllGiven().touchesOnlyItsOwnVf().resultsMatchTheirLayout();
        // Six MAC bytes and their arrival bitmap, per VF, on top of what the scheme keeps.
        long schemeOwn = ScenarioRun.of("mac-bytewise").vfs(8).schemes("mmio").notifyPaths().run().scheme("mmio").deviceCost().firmwareBytesPerVf();
        assertThat(results).scheme("mmio").deviceCost().firmwareBytesPerVf().isEqualTo(schemeOwn + 7);
    }

    @Test
    void theDefaultFirmwareDoesExposeThem() {
        // The control: the device applying each byte (the default firmware) shows intermediate MACs,
        // so the zero above is the firmware's doing and the count can fail.
        Results each = ScenarioRun.of("mac-bytewise").vfs(8).set("mac_apply=each-byte").notifyPaths().run();
        assertThat(each).firmware().intermediateMacs().isPositive();
    }
}
