package org.virtiosim.testbench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.legacy.VirtioNetConfig;

/** A scenario file's device_profile: the profile's identity, under the file's own parameters. */
class ScenarioFileDeviceProfileTest {
    @TempDir
    Path dir;

    private ScenarioFile read(String yaml) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        return ScenarioFileReader.read(f);
    }

    @Test
    void theProfileSetsTheIdentityAndTheFilesParametersWinWhereverTheKeyStands() throws Exception {
        ScenarioFile f = read("""
                parameters:
                  queue_sizes: "256,256,256"
                device_profile: qemu-virtio-net
                workload:
                  scenario: linux-net-probe
                """);
        assertThat(f.config().get(LegacyRegisterFile.HOST_FEATURES)).isEqualTo(0x79bf8064L);
        assertThat(f.config().get(VirtioNetConfig.MAC)).isEqualTo(0x525400123456L);
        assertThat(f.config().get(LegacyRegisterFile.QUEUE_SIZES)).as("the file's parameter").isEqualTo(List.of(256L, 256L, 256L));
    }

    @Test
    void identityValuesReadFromYamlScalars() throws Exception {
        ScenarioFile f = read("""
                parameters:
                  host_features: 0x79bf8064
                  mac: 52:54:00:12:34:56
                  msix_vectors: 0
                workload:
                  scenario: linux-net-probe
                """);
        assertThat(f.config().get(LegacyRegisterFile.HOST_FEATURES)).as("YAML's hex integer").isEqualTo(0x79bf8064L);
        assertThat(f.config().get(VirtioNetConfig.MAC)).isEqualTo(0x525400123456L);
        assertThat(f.config().get(LegacyRegisterFile.MSIX_VECTORS)).isZero();
    }

    @Test
    void anUnknownProfileIsItsLineAndKey() {
        assertThatThrownBy(() -> read("""
                name: x
                device_profile: qemu
                workload:
                  scenario: linux-net-probe
                """)).isInstanceOf(ScenarioFileException.class)
                .hasMessage("s.yaml:2: key 'device_profile': unknown device profile 'qemu' (known: qemu-virtio-net, simulator)");
    }

    @Test
    void aBadListEntryIsItsLineAndKey() {
        assertThatThrownBy(() -> read("""
                parameters:
                  queue_sizes: "256,100"
                workload:
                  scenario: linux-net-probe
                """)).hasMessage("s.yaml:2: key 'parameters.queue_sizes': '256,100': entry 2 of 2: '100' is not a power of 2");
    }
}
