package org.virtiosim.testbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.testbench.compare.CompareConfig;

/** A sweep point's device_profile: applied first, so the point's own parameters win whatever their order. */
class SweepDeviceProfileTest {
    @Test
    void theProfileIsUnderThePointsParameters() {
        LinkedHashMap<String, String> point = new LinkedHashMap<>();
        point.put("queue_sizes", "128,128,128");
        point.put(Sweep.DEVICE_PROFILE, "qemu-virtio-net");
        CompareConfig c = Sweep.config(point, 1);
        assertThat(c.get(LegacyRegisterFile.QUEUE_SIZES)).isEqualTo(List.of(128L, 128L, 128L));
        assertThat(c.get(LegacyRegisterFile.HOST_FEATURES)).isEqualTo(0x79bf8064L);
    }

    @Test
    void theSimulatorProfileIsTheDefaults() {
        LinkedHashMap<String, String> point = new LinkedHashMap<>();
        point.put(Sweep.DEVICE_PROFILE, "simulator");
        assertThat(Sweep.config(point, 1).params()).isEqualTo(Sweep.config(new LinkedHashMap<>(), 1).params());
    }

    @Test
    void anUnknownProfileIsRefused() {
        LinkedHashMap<String, String> point = new LinkedHashMap<>();
        point.put(Sweep.DEVICE_PROFILE, "nope");
        assertThatThrownBy(() -> Sweep.config(point, 1)).hasMessageStartingWith("unknown device profile 'nope'");
    }
}
