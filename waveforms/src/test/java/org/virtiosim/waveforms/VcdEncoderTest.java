package org.virtiosim.waveforms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VcdEncoderTest {
    @Test
    void identifierCodesAreDenseAndShortestFirst() {
        assertThat(VcdEncoder.idCode(0)).isEqualTo("!");
        assertThat(VcdEncoder.idCode(93)).isEqualTo("~");
        assertThat(VcdEncoder.idCode(94)).isEqualTo("!!");
        assertThat(VcdEncoder.idCode(95)).isEqualTo("\"!");
        assertThat(VcdEncoder.idCode(94 + 94 * 94 - 1)).isEqualTo("~~");
        assertThat(VcdEncoder.idCode(94 + 94 * 94)).isEqualTo("!!!");
    }
}
