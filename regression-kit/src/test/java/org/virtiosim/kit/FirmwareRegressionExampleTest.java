package org.virtiosim.kit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.virtiosim.kit.VirtioSimAssertions.assertThat;

import org.junit.jupiter.api.Test;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.firmware.Firmware;

/** What a firmware designer's regression test looks like, and that the kit catches a slowed firmware. */
class FirmwareRegressionExampleTest {
    /** A firmware model under test: admin commands cost 1200 cycles, trapped accesses 300. */
    public static final class MyFirmware implements Firmware {
        public MyFirmware(DeviceTiming timing) {
        }

        @Override
        public long legacyAccessCycles(int vf, boolean write, int offset, int size) {
            return 300;
        }

        @Override
        public long adminCommandCycles(int opcode, int vf, int dataBytes) {
            return 1200;
        }
    }

    /** The same firmware after a change that made every admin command 20× slower. */
    public static final class SlowedFirmware implements Firmware {
        @Override
        public long legacyAccessCycles(int vf, boolean write, int offset, int size) {
            return 300;
        }

        @Override
        public long adminCommandCycles(int opcode, int vf, int dataBytes) {
            return 24_000;
        }
    }

    @Test
    @VirtioSimScenario(value = "linux-net-probe", vfs = 4, firmware = MyFirmware.class)
    void myFirmwareKeepsTheAqSchemeFast(Results results) {
        assertThat(results).isClean();
        assertThat(results).scheme("aq").accessCycles().p99().isLessThan(30_000);
        assertThat(results).scheme("mmio").accessCycles().p50().isLessThan(3_000); // a firmware-served register access
        assertThat(results).notifyPath("vf-bar").accessCycles().max().isLessThan(2_000);
    }

    @Test
    @VirtioSimScenario(value = "linux-net-probe", vfs = 4, firmware = SlowedFirmware.class, notifyPaths = {"vf-bar"})
    void theSameAssertionCatchesASlowedFirmware(Results results) {
        assertThat(results).isClean();
        assertThatThrownBy(() -> assertThat(results).scheme("aq").accessCycles().p99().isLessThan(30_000))
                .isInstanceOf(AssertionError.class).hasMessageContaining("linux-net-probe scheme aq access cycles p99");
    }

    @Test
    void aBaselineSavedOnTheGoodFirmwareCatchesTheSlowedOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path baseline = dir.resolve("baseline.json");
        ScenarioRun good = ScenarioRun.of("linux-net-probe").vfs(4).firmware(MyFirmware::new);
        good.run().saveBaseline(baseline);
        assertThat(good.run()).isWithinBaseline(baseline);
        Results slowed = ScenarioRun.of("linux-net-probe").vfs(4).firmware(timing -> new SlowedFirmware()).run();
        assertThatThrownBy(() -> assertThat(slowed).isWithinBaseline(baseline)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("schemes/aq").hasMessageContaining("access_cycles.p99").hasMessageNotContaining("schemes/mmio");
    }

    @Test
    void theBuilderRunsWithParameters() {
        Results r = ScenarioRun.of("reset-storm").vfs(16).set("parallel_resets=16").schemes("mmio").notifyPaths().run();
        assertThat(r).scheme("mmio").hasNoMismatches().accessCycles().max().isLessThan(2 * 20_000 + 5_000);
        assertThatThrownBy(() -> ScenarioRun.of("no-such").run()).isInstanceOf(IllegalArgumentException.class);
    }
}
