package org.virtiosim.device.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The legacy header as Linux include/uapi/linux/virtio_pci.h defines it (VIRTIO_PCI_HOST_FEATURES 0
 * ... VIRTIO_PCI_ISR 19, VIRTIO_MSI_CONFIG_VECTOR 20, VIRTIO_MSI_QUEUE_VECTOR 22), with the
 * access direction of each register in transport-pci.tex's legacy layout table (R, R+W, W).
 */
class LegacyRegisterTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            HOST_FEATURES  |  0 | 4 | true  | false | false
            GUEST_FEATURES |  4 | 4 | true  | true  | false
            QUEUE_PFN      |  8 | 4 | true  | true  | false
            QUEUE_SIZE     | 12 | 2 | true  | false | false
            QUEUE_SELECT   | 14 | 2 | true  | true  | false
            QUEUE_NOTIFY   | 16 | 2 | false | true  | false
            DEVICE_STATUS  | 18 | 1 | true  | true  | false
            ISR_STATUS     | 19 | 1 | true  | false | false
            CONFIG_VECTOR  | 20 | 2 | true  | true  | true
            QUEUE_VECTOR   | 22 | 2 | true  | true  | true
            """)
    void headerRegistersAreWhereVirtioPciHPutsThem(LegacyRegister r, int offset, int width, boolean readable,
            boolean writable, boolean msixOnly) {
        assertThat(r.offset()).isEqualTo(offset);
        assertThat(r.width()).isEqualTo(width);
        assertThat(r.readable()).as("readable").isEqualTo(readable);
        assertThat(r.writable()).as("writable").isEqualTo(writable);
        assertThat(r.msixOnly()).as("exists only with MSI-X").isEqualTo(msixOnly);
        for (int b = offset; b < offset + width; b++) {
            assertThat(LegacyRegister.covering(b, true)).as("byte %d with MSI-X", b).isSameAs(r);
            assertThat(LegacyRegister.covering(b, false)).as("byte %d without MSI-X", b).isSameAs(msixOnly ? null : r);
        }
    }

    @Test
    void theHeaderEndsWhereTheDeviceConfigStarts() {
        assertThat(LegacyRegister.covering(-1, false)).isNull();
        assertThat(LegacyRegister.covering(-1, true)).isNull();
        assertThat(LegacyRegister.covering(0x13, false)).isSameAs(LegacyRegister.ISR_STATUS);
        assertThat(LegacyRegister.covering(0x14, false)).as("device config without MSI-X").isNull();
        assertThat(LegacyRegister.covering(0x18, true)).as("device config with MSI-X").isNull();
        assertThat(LegacyRegister.covering(0x1000, true)).isNull();
        assertThat(LegacyRegister.covering(Integer.MAX_VALUE, false)).isNull();
    }

    @Test
    void labelsNameTheRegisterForMessages() {
        assertThat(LegacyRegister.QUEUE_SIZE.label()).isEqualTo("queue size");
        assertThat(LegacyRegister.ISR_STATUS.label()).isEqualTo("ISR status");
        for (LegacyRegister r : LegacyRegister.values()) {
            assertThat(r.label()).isNotBlank();
        }
    }
}
