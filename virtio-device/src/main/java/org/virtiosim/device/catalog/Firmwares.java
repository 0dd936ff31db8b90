package org.virtiosim.device.catalog;

import java.util.List;
import org.virtiosim.core.registry.Registry;
import org.virtiosim.device.firmware.DefaultFirmware;
import org.virtiosim.device.firmware.FixedCostFirmware;

/** The firmwares built in, one registry entry each: the CLI, reports, docs and the kit read this. */
public final class Firmwares {
    public static final String DEFAULT = "default";

    public static final Registry<FirmwareEntry> REGISTRY = new Registry<>("firmware", FirmwareEntry::id, List.of(
            new FirmwareEntry(DEFAULT, "the device's behaviour at the fixed costs firmware_access_cycles and firmware_command_cycles",
                    t -> new DefaultFirmware(new FixedCostFirmware(t.firmwareAccessCycles(), t.firmwareCommandCycles())))));

    private Firmwares() {
    }
}
