package org.virtiosim.device.catalog;

import java.util.function.Function;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.firmware.FirmwareProgram;

/**
 * A firmware the tool knows by name: what the CLI's {@code --firmware NAME}, scenario files, reports
 * and the kit name it by, and how to make its program for a run's device timing.
 */
public record FirmwareEntry(String id, String description, Function<DeviceTiming, FirmwareProgram> program) {
}
