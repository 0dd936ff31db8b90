package org.virtiosim.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackingTest {
    @Test
    void oneParameterNamesBothBackingsAndDefaultsToFirmware() {
        assertThat(Backing.PARAM.name()).isEqualTo("backing");
        assertThat(Backing.PARAM.parse("hardware")).isEqualTo(Backing.HARDWARE);
        assertThat(Backing.PARAM.parse("firmware")).isEqualTo(Backing.FIRMWARE);
        assertThat(Backing.PARAM.defaultValue()).isEqualTo(Backing.FIRMWARE);
        assertThat(Backing.PARAM.source()).isNotBlank();
    }
}
