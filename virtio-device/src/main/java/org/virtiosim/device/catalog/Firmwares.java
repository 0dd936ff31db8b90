package org.virtiosim.device.catalog;

import java.util.List;
import org.virtiosim.core.registry.Registry;
import org.virtiosim.device.firmware.DefaultFirmware;
import org.virtiosim.device.firmware.FixedCostFirmware;
import org.virtiosim.device.firmware.examples.BuggyEarlyStatus;
import org.virtiosim.device.firmware.examples.MacAtSixthByte;
import org.virtiosim.device.firmware.examples.ResetPipelining;

/** The firmwares built in, one registry entry each: the CLI, reports, docs and the kit read this. */
public final class Firmwares {
    public static final String DEFAULT = "default";

    public static final Registry<FirmwareEntry> REGISTRY = new Registry<>("firmware", FirmwareEntry::id, List.of(
            new FirmwareEntry(DEFAULT, "the device's behaviour at the fixed costs firmware_access_cycles and firmware_command_cycles",
                    t -> new DefaultFirmware(new FixedCostFirmware(t.firmwareAccessCycles(), t.firmwareCommandCycles()))),
            new FirmwareEntry("mac-sixth-byte", "buffers a MAC's byte writes and applies it when all six have arrived", MacAtSixthByte::new),
            new FirmwareEntry("reset-pipelining", "runs VF resets on more engines, answers status reads from a reset-done bitmap", ResetPipelining::new),
            new FirmwareEntry("buggy-early-status", "a bug kept for the checks: answers a status read with 0 before the reset ends", BuggyEarlyStatus::new)));

    private Firmwares() {
    }
}
