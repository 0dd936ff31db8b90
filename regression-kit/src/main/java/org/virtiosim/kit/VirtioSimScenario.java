package org.virtiosim.kit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.virtiosim.device.firmware.Firmware;

/**
 * On a JUnit 5 test method: run this scenario against this firmware and pass the {@link Results}
 * as a parameter. The firmware class needs a constructor taking
 * {@link org.virtiosim.device.DeviceTiming} or none.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(VirtioSimExtension.class)
public @interface VirtioSimScenario {
    /** Built-in scenario name or trace file. */
    String value() default "linux-net-probe";

    int vfs() default 8;

    long seed() default 1;

    /** Parameters as {@code --set} takes them. */
    String[] set() default {};

    /** Scheme ids; empty (the default) runs every scheme in the catalog ({@code virtio-sim list}); {@code "none"} runs none. */
    String[] schemes() default {};

    /** Notification path ids; empty (the default) runs every one in the catalog; {@code "none"} runs none. */
    String[] notifyPaths() default {};

    /**
     * The firmware under test: a {@link org.virtiosim.device.firmware.FirmwareProgram} (behaviour) or a
     * cost-only {@link Firmware}; {@code Firmware.class} means the default firmware.
     */
    Class<?> firmware() default Firmware.class;
}
