package org.virtiosim.device.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LegacyLayoutTest {
    private static final int NET_CONFIG = VirtioNetConfig.LENGTH;

    @ParameterizedTest(name = "offset {0} size {1} MSI-X {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0x00 | 2 | false | offset 0x00 size 2: host features is a 4-byte register at 0x00
            0x00 | 1 | false | offset 0x00 size 1: host features is a 4-byte register at 0x00
            0x02 | 2 | false | offset 0x02 size 2: host features is a 4-byte register at 0x00
            0x06 | 1 | false | offset 0x06 size 1: guest features is a 4-byte register at 0x04
            0x08 | 2 | false | offset 0x08 size 2: queue PFN is a 4-byte register at 0x08
            0x0a | 2 | false | offset 0x0a size 2: queue PFN is a 4-byte register at 0x08
            0x0c | 4 | false | offset 0x0c size 4: queue size is a 2-byte register at 0x0c
            0x0d | 1 | false | offset 0x0d size 1: queue size is a 2-byte register at 0x0c
            0x0d | 2 | false | offset 0x0d size 2: queue size is a 2-byte register at 0x0c
            0x0e | 1 | false | offset 0x0e size 1: queue select is a 2-byte register at 0x0e
            0x10 | 4 | false | offset 0x10 size 4: queue notify is a 2-byte register at 0x10
            0x11 | 1 | false | offset 0x11 size 1: queue notify is a 2-byte register at 0x10
            0x12 | 2 | false | offset 0x12 size 2: device status is a 1-byte register at 0x12
            0x12 | 4 | false | offset 0x12 size 4: device status is a 1-byte register at 0x12
            0x13 | 2 | false | offset 0x13 size 2: ISR status is a 1-byte register at 0x13
            0x14 | 1 | true  | offset 0x14 size 1: config vector is a 2-byte register at 0x14
            0x14 | 4 | true  | offset 0x14 size 4: config vector is a 2-byte register at 0x14
            0x15 | 1 | true  | offset 0x15 size 1: config vector is a 2-byte register at 0x14
            0x17 | 1 | true  | offset 0x17 size 1: queue vector is a 2-byte register at 0x16
            0x1e | 1 | false | offset 0x1e size 1: beyond the 10-byte device config at 0x14..0x1d (MSI-X off)
            0x1c | 4 | false | offset 0x1c size 4: beyond the 10-byte device config at 0x14..0x1d (MSI-X off)
            0x1d | 2 | false | offset 0x1d size 2: beyond the 10-byte device config at 0x14..0x1d (MSI-X off)
            0x22 | 1 | true  | offset 0x22 size 1: beyond the 10-byte device config at 0x18..0x21 (MSI-X on)
            0x20 | 4 | true  | offset 0x20 size 4: beyond the 10-byte device config at 0x18..0x21 (MSI-X on)
            0x1000 | 4 | true | offset 0x1000 size 4: beyond the 10-byte device config at 0x18..0x21 (MSI-X on)
            0x14 | 3 | false | offset 0x14: access size 3 is not 1, 2 or 4
            0x14 | 8 | false | offset 0x14: access size 8 is not 1, 2 or 4
            0x00 | 0 | false | offset 0x00: access size 0 is not 1, 2 or 4
            -1   | 1 | false | offset -1: negative offset
            """)
    void impossibleAccessesAreRejectedNamingTheOffset(String offsetText, int size, boolean msix, String reason) {
        int offset = Integer.decode(offsetText);
        assertThat(LegacyLayout.checkAccess(offset, size, msix, NET_CONFIG)).isEqualTo(reason);
        LegacyRegisterFile regs = LegacyRegisterFile.virtioNet(1);
        regs.setMsixEnabled(msix);
        assertThat(regs.checkAccess(offset, size)).isEqualTo(reason);
        assertThatThrownBy(() -> regs.read(offset, size)).isInstanceOf(IllegalArgumentException.class).hasMessage(reason);
        assertThatThrownBy(() -> regs.write(offset, size, 0)).isInstanceOf(IllegalArgumentException.class).hasMessage(reason);
        assertThat(regs.ignoredAccesses()).isZero();
    }

    /** Every access drivers/virtio/virtio_pci_legacy_dev.c and virtio_pci_legacy.c make. */
    @Test
    void linuxLegacyDriverAccessSizesAreAllAccepted() {
        int[][] linux = {
            {0x00, 4}, // vp_legacy_get_features: ioread32(VIRTIO_PCI_HOST_FEATURES)
            {0x04, 4}, // vp_legacy_set_features / get_driver_features: iowrite32/ioread32(VIRTIO_PCI_GUEST_FEATURES)
            {0x08, 4}, // vp_legacy_set_queue_address / get_queue_enable: iowrite32/ioread32(VIRTIO_PCI_QUEUE_PFN)
            {0x0C, 2}, // vp_legacy_get_queue_size: ioread16(VIRTIO_PCI_QUEUE_NUM)
            {0x0E, 2}, // iowrite16(index, VIRTIO_PCI_QUEUE_SEL)
            {0x10, 2}, // vp_notify: iowrite16(vq->index, VIRTIO_PCI_QUEUE_NOTIFY)
            {0x12, 1}, // vp_legacy_get_status / set_status: ioread8/iowrite8(VIRTIO_PCI_STATUS)
            {0x13, 1}, // vp_legacy_dev isr: ioread8(VIRTIO_PCI_ISR)
        };
        for (boolean msix : new boolean[] {false, true}) {
            for (int[] a : linux) {
                assertThat(LegacyLayout.checkAccess(a[0], a[1], msix, NET_CONFIG)).as("0x%02x/%d", a[0], a[1]).isNull();
            }
        }
        // vp_legacy_config_vector / queue_vector: iowrite16/ioread16 at VIRTIO_MSI_CONFIG_VECTOR / VIRTIO_MSI_QUEUE_VECTOR.
        assertThat(LegacyLayout.checkAccess(0x14, 2, true, NET_CONFIG)).isNull();
        assertThat(LegacyLayout.checkAccess(0x16, 2, true, NET_CONFIG)).isNull();
        // vp_get / vp_set: byte-wise ioread8/iowrite8 over the device config, at VIRTIO_PCI_CONFIG_OFF(msix).
        for (boolean msix : new boolean[] {false, true}) {
            int base = LegacyLayout.deviceConfigStart(msix);
            for (int i = 0; i < NET_CONFIG; i++) {
                assertThat(LegacyLayout.checkAccess(base + i, 1, msix, NET_CONFIG)).isNull();
            }
        }
    }

    @Test
    void deviceConfigAcceptsEverySizeAnywhereInside() {
        for (boolean msix : new boolean[] {false, true}) {
            int base = LegacyLayout.deviceConfigStart(msix);
            for (int size : new int[] {1, 2, 4}) {
                for (int rel = 0; rel + size <= NET_CONFIG; rel++) {
                    assertThat(LegacyLayout.checkAccess(base + rel, size, msix, NET_CONFIG)).isNull();
                }
            }
        }
        assertThat(LegacyLayout.deviceConfigStart(false)).isEqualTo(0x14);
        assertThat(LegacyLayout.deviceConfigStart(true)).isEqualTo(0x18);
    }

    @Test
    void registerLookupCoversEveryHeaderByte() {
        assertThat(LegacyRegister.covering(0x0D, false)).isEqualTo(LegacyRegister.QUEUE_SIZE);
        assertThat(LegacyRegister.covering(0x13, false)).isEqualTo(LegacyRegister.ISR_STATUS);
        assertThat(LegacyRegister.covering(0x14, false)).isNull();
        assertThat(LegacyRegister.covering(0x17, true)).isEqualTo(LegacyRegister.QUEUE_VECTOR);
        assertThat(LegacyRegister.covering(0x18, true)).isNull();
        int bytes = 0;
        for (LegacyRegister r : LegacyRegister.values()) {
            bytes += r.width();
        }
        assertThat(bytes).isEqualTo(0x18);
    }

    @Test
    void anOffsetNearIntMaxIsRejectedInsteadOfWrappingPastTheCheck() {
        // offset + size overflowed to a negative int, which is "not beyond" the device config.
        for (int size : new int[] {1, 2, 4}) {
            assertThat(LegacyLayout.checkAccess(Integer.MAX_VALUE, size, false, NET_CONFIG)).as("size " + size)
                    .isNotNull().contains("beyond");
            assertThat(LegacyLayout.checkAccess(Integer.MAX_VALUE - size + 1, size, true, NET_CONFIG)).isNotNull();
        }
        LegacyRegisterFile r = LegacyRegisterFile.virtioNet(1);
        assertThat(r.checkAccess(Integer.MAX_VALUE, 4)).isNotNull();
        assertThatThrownBy(() -> r.read(Integer.MAX_VALUE, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beyond");
    }

    /** The hypervisor's coalesced MAC write: 6 bytes, only at the MAC (0x14, or 0x18 with MSI-X), only a write. */
    @Test
    void sixBytesAreOnlyTheWholeMacWrite() {
        assertThat(LegacyLayout.macOffset(false)).isEqualTo(0x14);
        assertThat(LegacyLayout.macOffset(true)).isEqualTo(0x18);
        for (boolean msix : new boolean[] {false, true}) {
            int mac = LegacyLayout.macOffset(msix);
            assertThat(LegacyLayout.checkWrite(mac, 6, msix, NET_CONFIG)).as("MSI-X %s", msix).isNull();
            assertThat(LegacyLayout.checkAccess(mac, 6, msix, NET_CONFIG)).as("no 6-byte read").isNotNull();
            for (int off : new int[] {mac - 4, mac + 1, mac + 2, mac + 4, 0x00, 0x10}) {
                assertThat(LegacyLayout.checkWrite(off, 6, msix, NET_CONFIG)).as("0x%02x", off).isNotNull().contains("MAC");
            }
            assertThat(LegacyLayout.checkWrite(mac, 6, msix, 5)).as("a config too short for a MAC").isNotNull();
            for (int size : new int[] {3, 5, 7, 8}) {
                assertThat(LegacyLayout.checkWrite(mac, size, msix, NET_CONFIG)).as("size %d", size).isNotNull();
            }
            assertThat(LegacyLayout.checkWrite(mac, 4, msix, NET_CONFIG)).isNull();
        }
        // MSI-X moves the MAC: 0x18 with MSI-X off is mac[4], 0x14 with it on the config vector.
        assertThat(LegacyLayout.checkWrite(0x18, 6, false, NET_CONFIG)).isNotNull();
        assertThat(LegacyLayout.checkWrite(0x14, 6, true, NET_CONFIG)).isNotNull();
    }
}
