package org.virtiosim.device.scheme.pfwindow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.VirtioSriovDevice;
import org.virtiosim.device.firmware.FixedCostFirmware;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.scheme.DeviceCost;
import org.virtiosim.pcie.tlp.Tlp;

class PfWindowSchemeTest {
    private static final int VFS = 5;
    private final Kernel kernel = new Kernel();
    private final VirtioSriovDevice device = new VirtioSriovDevice(kernel, DeviceTiming.DEFAULT, VFS, LegacyRegisterFile::virtioNet,
            new FixedCostFirmware(400, 1500), 50_000_000_000L);
    private final PfWindowScheme scheme = new PfWindowScheme();

    /** A posted MWr of {@code value} to {@code address}, as the root complex would send it. */
    private void store(long address, int size, long value) {
        Tlp t = new Tlp().setMemoryWrite(0x0000, address, size);
        byte[] d = t.ensureData(t.lengthDw() * 4);
        for (int i = 0; i < size; i++) {
            d[(int) (address & 3) + i] = (byte) (value >>> (8 * i));
        }
        device.receive(t);
        kernel.runUntilIdle();
    }

    @Test
    void theDeviceTellsTheVfFromTheAddressInThePfBar() {
        ParamValues p = ParamValues.defaults();
        scheme.install(device.context(), p);
        long stride = p.get(PfWindowScheme.STRIDE);
        int status = LegacyRegister.DEVICE_STATUS.offset();
        store(Bar.PF_BAR2.base() + 2 * stride + status, 1, 1); // VF 3's window
        assertThat(device.vf(3).status()).isEqualTo(1);
        for (int vf : new int[] {1, 2, 4, 5}) {
            assertThat(device.vf(vf).status()).as("VF %d", vf).isZero();
        }
        store(Bar.PF_BAR2.base() + (VFS - 1) * stride + status, 1, 3); // the last VF's
        assertThat(device.vf(VFS).status()).isEqualTo(3);
        assertThat(device.unsupportedRequests()).isZero();
    }

    @Test
    void theStrideKnobMovesEveryWindowAndNothingIsMappedInTheVfBar() {
        ParamValues p = ParamValues.defaults().withText(PfWindowScheme.STRIDE, "1024");
        scheme.install(device.context(), p);
        int status = LegacyRegister.DEVICE_STATUS.offset();
        store(Bar.PF_BAR2.base() + 1024 + status, 1, 1);
        assertThat(device.vf(2).status()).isEqualTo(1);
        store(device.layout().vfBarAddress(4) + status, 1, 1); // where mmio's window would be: nobody claims it
        assertThat(device.vf(4).status()).isZero();
        assertThat(device.unsupportedRequests()).isEqualTo(1);
        store(Bar.PF_BAR2.base() + 1024L * VFS + status, 1, 1); // past the last VF's window
        assertThat(device.unsupportedRequests()).isEqualTo(2);
    }

    @Test
    void theDefaultStrideIsTheSmallestPowerOfTwoThatHoldsTheWindow() {
        long stride = PfWindowScheme.STRIDE.defaultValue();
        assertThat(Long.bitCount(stride)).isEqualTo(1);
        assertThat(stride).isGreaterThanOrEqualTo(PfWindowScheme.WINDOW_BYTES);
        assertThat(stride / 2).isLessThan(PfWindowScheme.WINDOW_BYTES);
    }

    @Test
    void itsCostIsPfBarApertureGrowingWithNumVfsAndNoVfBarSpace() {
        DeviceCost one = scheme.cost(ParamValues.defaults(), 1, 48);
        DeviceCost many = scheme.cost(ParamValues.defaults(), 4096, 48);
        DeviceCost odd = scheme.cost(ParamValues.defaults(), 5, 48);
        assertThat(many.barApertureBytesPerVf()).isEqualTo(PfWindowScheme.STRIDE.defaultValue());
        assertThat(odd.barApertureBytesPerVf()).as("a 512-byte BAR shared by 5").isEqualTo(512 / 5);
        assertThat(PfWindowScheme.aperture(64, 5)).isEqualTo(512); // BARs are powers of two
        assertThat(PfWindowScheme.aperture(4096, 65535)).isLessThanOrEqualTo(Bar.PF_BAR2.size());
        assertThat(one.barApertureBytesPerVf()).isEqualTo(PfWindowScheme.STRIDE.defaultValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"32", "100", "8192", "0", "-64", "x", "64.5", "64d", "0x1p6"})
    void aStrideThatIsNotAPowerOfTwoInRangeIsRejected(String text) {
        assertThatThrownBy(() -> PfWindowScheme.STRIDE.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a power of two from 64 to 4096, got '" + text + "'");
    }
}
