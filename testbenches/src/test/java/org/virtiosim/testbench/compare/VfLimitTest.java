package org.virtiosim.testbench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtiosim.device.AddressMap;
import org.virtiosim.testbench.scenario.ScenarioFileException;
import org.virtiosim.testbench.scenario.ScenarioFileReader;
import org.virtiosim.testbench.sweep.Sweep;

/** Every way a run's VF count is given accepts the address map's limit and refuses one more, saying why. Nothing is run. */
class VfLimitTest {
    private static final int LIMIT = AddressMap.MAX_VFS;

    @Test
    void theConfigurationAcceptsTheLimitAndRefusesOneMore() {
        assertThat(CompareConfig.defaults(LIMIT).vfs()).isEqualTo(LIMIT);
        assertThatThrownBy(() -> CompareConfig.defaults(LIMIT + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(AddressMap.VF_LIMIT_REASON);
    }

    @Test
    void aSweepPointAcceptsTheLimitAndRefusesOneMore() {
        assertThat(Sweep.config(Map.of("vfs", String.valueOf(LIMIT)), 1).vfs()).isEqualTo(LIMIT);
        assertThatThrownBy(() -> Sweep.config(Map.of("vfs", String.valueOf(LIMIT + 1)), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(AddressMap.VF_LIMIT_REASON);
    }

    @Test
    void aScenarioFileAcceptsTheLimitAndRefusesOneMore(@TempDir Path dir) throws Exception {
        Path at = Files.writeString(dir.resolve("at.yaml"), "topology:\n  vfs: " + LIMIT + "\nworkload:\n  scenario: linux-net-probe\n");
        assertThat(ScenarioFileReader.read(at).vfs()).isEqualTo(LIMIT);
        Path over = Files.writeString(dir.resolve("over.yaml"), "topology:\n  vfs: " + (LIMIT + 1) + "\nworkload:\n  scenario: linux-net-probe\n");
        assertThatThrownBy(() -> ScenarioFileReader.read(over)).isInstanceOf(ScenarioFileException.class)
                .hasMessage("over.yaml:2: key 'topology.vfs': 65280 is out of range 1..65279: " + AddressMap.VF_LIMIT_REASON);
    }
}
