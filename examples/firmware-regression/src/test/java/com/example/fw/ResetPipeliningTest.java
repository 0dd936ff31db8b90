package com.example.fw;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.firmware.examples.ResetPipelining;
import org.virtiosim.kit.Results;
import org.virtiosim.kit.ScenarioRun;
import org.virtiosim.kit.VirtioSimAssertions;

/**
 * Reset pipelining in a reset storm at 1024 VFs, next to the default firmware. Both p99 figures are
 * printed; the test asserts what must hold whichever is faster: every run clean, no status read
 * answered before its reset ended, no deferred answer lost, and no access faster than a reset (the
 * status read-back of a reset cannot return before the reset it waits for has run).
 */
class ResetPipeliningTest {
    private static final int VFS = 1024;
    private static final String[] SCHEMES = {"mmio", "indirect", "aq"};

    @Test
    void aResetStormAt1024VfsIsCleanWithEitherFirmware() {
        Results pipelined = ScenarioRun.of("reset-storm").vfs(VFS).schemes(SCHEMES).notifyPaths().firmware(ResetPipelining.class).run();
        Results baseline = ScenarioRun.of("reset-storm").vfs(VFS).schemes(SCHEMES).notifyPaths().firmware("default").run();
        for (String s : SCHEMES) {
            long p = pipelined.scheme(s).accessCycles().percentile(99);
            long d = baseline.scheme(s).accessCycles().percentile(99);
            System.out.printf("reset-storm %d VFs, %s: access p99 %d cycles with reset-pipelining, %d with the default firmware%n", VFS, s, p, d);
            assertThat(p).as(s + " p99 with reset-pipelining").isPositive();
            assertThat(d).as(s + " p99 with the default firmware").isPositive();
        }
        for (Results r : new Results[] {pipelined, baseline}) {
            VirtioSimAssertions.assertThat(r).isClean();
            VirtioSimAssertions.assertThat(r).firmware().neverAnsweredDuringReset().deferredAnswersAllGiven().touchesOnlyItsOwnVf();
            for (String s : SCHEMES) {
                assertThat(r.scheme(s).accessCycles().max()).as(s + ": the longest access waits for a whole reset")
                        .isGreaterThanOrEqualTo(DeviceTiming.DEFAULT.resetCycles());
            }
        }
    }
}
