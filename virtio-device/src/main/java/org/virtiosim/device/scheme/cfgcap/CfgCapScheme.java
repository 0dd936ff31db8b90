package org.virtiosim.device.scheme.cfgcap;

import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.Backing;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.device.scheme.DeviceCost;
import org.virtiosim.device.scheme.DeviceHalf;
import org.virtiosim.device.scheme.LegacyScheme;
import org.virtiosim.device.window.LegacyWindow;

/**
 * {@code cfg-cap}: the legacy registers tunnelled through a capability in each VF's configuration
 * space, modelled on virtio 1.x's VIRTIO_PCI_CAP_PCI_CFG (the May 2023 thread's third option,
 * "tunneling with additional indirection via PCI capability"). The hypervisor writes the
 * capability's {@code offset} and {@code length}, then reads or writes its {@code pci_cfg_data},
 * each a configuration request through ECAM. No BAR space is decoded for it.
 */
public final class CfgCapScheme implements LegacyScheme {
    public static final String ID = "cfg-cap";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "VIRTIO_PCI_CAP_PCI_CFG-like VF capability: CfgWr0 offset, CfgWr0 length, then CfgRd0/CfgWr0 pci_cfg_data";
    }

    @Override
    public List<Param<?>> knobs() {
        return List.of(LegacyWindow.READ_DURING_RESET, org.virtiosim.device.host.Ecam.ACCESS_NS);
    }

    @Override
    public DeviceHalf install(DeviceContext device, ParamValues params) {
        LegacyWindow window = new LegacyWindow(device, params.get(Backing.PARAM), params.get(LegacyWindow.READ_DURING_RESET));
        PciCfgCapability cap = new PciCfgCapability(device, window);
        device.mapVfConfig(CfgCapRegisters.CAP, CfgCapRegisters.CAP_LEN, cap);
        return cap;
    }

    @Override
    public LegacyAccessPath host(HostContext host, ParamValues params) {
        return new CfgCapAccessPath(host, params.get(org.virtiosim.device.host.Ecam.ACCESS_NS));
    }

    @Override
    public DeviceCost cost(ParamValues params, int numVfs, int stateBytes) {
        // offset, length and pci_cfg_data answer configuration requests in logic, without firmware.
        return DeviceCost.of(params.get(Backing.PARAM), stateBytes, CfgCapRegisters.STATE_BITS, 0, 0,
                "a config-space capability per VF (offset, length, data) in logic; the access on the legacy register file");
    }
}
