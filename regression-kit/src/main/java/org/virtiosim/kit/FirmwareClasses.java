package org.virtiosim.kit;

import java.lang.reflect.Constructor;
import java.util.function.Function;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.firmware.DefaultFirmware;
import org.virtiosim.device.firmware.Firmware;
import org.virtiosim.device.firmware.FirmwareProgram;

/** A firmware class, behavioural ({@link FirmwareProgram}) or cost-only ({@link Firmware}), as a program factory. */
final class FirmwareClasses {
    private FirmwareClasses() {
    }

    /** A new instance per run, by its constructor taking DeviceTiming or its no-argument one. */
    static Function<DeviceTiming, FirmwareProgram> factory(Class<?> type) {
        if (!FirmwareProgram.class.isAssignableFrom(type) && !Firmware.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("firmware " + type.getName() + " implements neither FirmwareProgram nor Firmware");
        }
        return timing -> {
            Object o = instantiate(type, timing);
            return o instanceof FirmwareProgram p ? p : new DefaultFirmware((Firmware) o);
        };
    }

    private static Object instantiate(Class<?> type, DeviceTiming timing) {
        try {
            try {
                Constructor<?> c = type.getDeclaredConstructor(DeviceTiming.class);
                c.setAccessible(true);
                return c.newInstance(timing);
            } catch (NoSuchMethodException none) {
                Constructor<?> c = type.getDeclaredConstructor();
                c.setAccessible(true);
                return c.newInstance();
            }
        } catch (ReflectiveOperationException ex) {
            throw new IllegalArgumentException("cannot build firmware " + type.getName()
                    + ": it needs a constructor taking DeviceTiming or none", ex);
        }
    }
}
