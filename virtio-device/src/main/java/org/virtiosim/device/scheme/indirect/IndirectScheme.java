package org.virtiosim.device.scheme.indirect;

import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.Backing;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.device.scheme.DeviceCost;
import org.virtiosim.device.scheme.DeviceHalf;
import org.virtiosim.device.scheme.LegacyScheme;

/**
 * {@code indirect}: two registers in each VF's BAR2, {@code legacy_register_addr} and
 * {@code legacy_register_data}; the hypervisor writes the operation, polls for its completion
 * bit, and for a read then reads the data.
 */
public final class IndirectScheme implements LegacyScheme {
    public static final String ID = "indirect";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "two VF registers: write legacy_register_addr (and _data), poll its completion bit, read the data";
    }

    @Override
    public List<Param<?>> knobs() {
        return List.of();
    }

    @Override
    public DeviceHalf install(DeviceContext device, ParamValues params) {
        IndirectPair pair = new IndirectPair(device, params.get(Backing.PARAM));
        device.map(Bar.VF_BAR2, IndirectRegisters.PAIR, IndirectRegisters.DATA + 4, pair);
        return pair;
    }

    @Override
    public LegacyAccessPath host(HostContext host, ParamValues params) {
        return new IndirectAccessPath(host);
    }

    @Override
    public DeviceCost cost(ParamValues params, int numVfs, int stateBytes) {
        // The pair answers the host's stores and polls itself, whoever carries out the operation.
        return DeviceCost.of(params.get(Backing.PARAM), stateBytes, 8L * IndirectRegisters.STATE_BYTES, IndirectRegisters.DATA + 4, 0,
                "two registers per VF in logic; the operation on the legacy register file");
    }
}
