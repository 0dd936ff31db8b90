package com.example.fw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.virtiosim.device.firmware.examples.BuggyEarlyStatus;
import org.virtiosim.kit.Results;
import org.virtiosim.kit.VirtioSimAssertions;
import org.virtiosim.kit.VirtioSimScenario;
import org.virtiosim.testbench.compare.RunResult;

/**
 * A firmware that answers "reset done" too early is caught twice: by the kit's protocol check, whose
 * report names the VF, the register, the time and the value expected, and by the Linux probe trace,
 * whose read-backs then mismatch.
 */
class BuggyEarlyStatusTest {
    private static final String CHECK = "firmware never answers a status read with 0 during its VF's reset";

    @Test
    @VirtioSimScenario(value = "linux-net-probe", vfs = 8, firmware = BuggyEarlyStatus.class, schemes = {"mmio", "indirect", "aq"},
            notifyPaths = "none")
    void theChecksAndTheProbeTraceCatchAnEarlyStatus(Results results) {
        assertThat(RunResult.CHECKS).contains(CHECK);
        for (String s : new String[] {"mmio", "indirect", "aq"}) {
            VirtioSimAssertions.assertThat(results).scheme(s).violated(CHECK, "device_status (legacy offset 0x12)")
                    .violated(CHECK, "ns while its reset was in progress (expected ");
            assertThat(results.scheme(s).violations().get(CHECK)).as(s).containsPattern("first: VF \\d+ device_status")
                    .containsPattern("answered 0 at \\d+ ns");
        }
        // Through a register window the driver goes on while the VF still resets: its writes are
        // dropped or wiped and the probe's read-backs mismatch. Through the admin queue the device
        // carries the VF's next commands out after its reset anyway, so only the check sees the bug.
        for (String s : new String[] {"mmio", "indirect"}) {
            VirtioSimAssertions.assertThat(results).scheme(s).mismatches().as(s + ": the probe trace's read-backs").isPositive();
        }
        // The kit's own assertion fails, quoting the report: the expectation inverted does not pass.
        assertThatThrownBy(() -> VirtioSimAssertions.assertThat(results).firmware().neverAnsweredDuringReset())
                .isInstanceOf(AssertionError.class).hasMessageContaining(CHECK).hasMessageContaining("device_status (legacy offset 0x12)")
                .hasMessageContaining("while its reset was in progress (expected ");
    }
}
