package org.virtiosim.testbench.study;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.catalog.FirmwareEntry;
import org.virtiosim.device.catalog.Firmwares;
import org.virtiosim.device.firmware.DefaultFirmware;
import org.virtiosim.device.firmware.Firmware;
import org.virtiosim.device.firmware.FirmwareException;
import org.virtiosim.device.firmware.FirmwareProgram;

/**
 * The firmware a study runs on its device, and the name results report it by: a built-in one of
 * {@link Firmwares#REGISTRY} by id, or a firmware team's own class by its binary name, loaded from
 * their compiled model ({@link #classLoader}). A class is a {@link FirmwareProgram}, or a cost-only
 * {@link Firmware} (run as {@link DefaultFirmware}), with a public constructor taking the run's
 * {@link DeviceTiming} or none; each run gets a new instance, so runs share no firmware state.
 *
 * @param name the registry id, or the class's binary name
 */
public record FirmwareChoice(String name, Function<DeviceTiming, FirmwareProgram> program) {
    /** The device's own firmware: today's behaviour at the fixed costs. */
    public static final FirmwareChoice DEFAULT = of(Firmwares.REGISTRY.require(Firmwares.DEFAULT));

    public FirmwareChoice {
        Objects.requireNonNull(name);
        Objects.requireNonNull(program);
    }

    /** A built-in firmware. */
    public static FirmwareChoice of(FirmwareEntry e) {
        return new FirmwareChoice(e.id(), e.program());
    }

    /**
     * A firmware team's compiled model: the jars' classes, in a loader of their own whose parent is
     * the tool's (so they see the model's API, and a second team's jars never see the first's).
     * IllegalArgumentException (one line) for a jar that is not a readable file.
     */
    public static ClassLoader classLoader(List<Path> jars) {
        if (jars.isEmpty()) {
            return FirmwareChoice.class.getClassLoader();
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            Path jar = jars.get(i);
            if (!Files.exists(jar)) {
                throw new IllegalArgumentException(jar + ": no such file");
            }
            if (!Files.isReadable(jar)) {
                throw new IllegalArgumentException(jar + ": not readable");
            }
            try {
                urls[i] = jar.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(jar + ": not a path a class loader can read");
            }
        }
        return new URLClassLoader("firmware", urls, FirmwareChoice.class.getClassLoader());
    }

    /**
     * The firmware {@code nameOrClass} names: a registry id first, else a class {@code loader} finds.
     * IllegalArgumentException with a one-line reason when it is neither, or the class is no firmware
     * or has no constructor to make one with.
     */
    public static FirmwareChoice resolve(String nameOrClass, ClassLoader loader) {
        FirmwareEntry e = Firmwares.REGISTRY.find(nameOrClass);
        if (e != null) {
            return of(e);
        }
        Class<?> c;
        try {
            c = Class.forName(nameOrClass, false, loader);
        } catch (ClassNotFoundException | LinkageError notFound) {
            throw new IllegalArgumentException("'" + nameOrClass + "' is neither a built-in firmware (" + Firmwares.REGISTRY.known()
                    + ") nor a class on the firmware classpath" + (notFound instanceof LinkageError ? " that loads (" + notFound + ")" : ""));
        }
        boolean program = FirmwareProgram.class.isAssignableFrom(c);
        if (!program && !Firmware.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException(c.getName() + " is not a firmware: it implements neither "
                    + FirmwareProgram.class.getName() + " nor " + Firmware.class.getName());
        }
        if (c.isInterface() || Modifier.isAbstract(c.getModifiers()) || !Modifier.isPublic(c.getModifiers())) {
            throw new IllegalArgumentException(c.getName() + " is not a public concrete class: nothing to make a firmware of");
        }
        Constructor<?> withTiming = constructor(c, DeviceTiming.class);
        Constructor<?> plain = constructor(c);
        if (withTiming == null && plain == null) {
            throw new IllegalArgumentException(c.getName() + " has no public constructor taking no arguments or a "
                    + DeviceTiming.class.getName());
        }
        String name = c.getName();
        return new FirmwareChoice(name, t -> {
            Object made = make(name, withTiming != null ? withTiming : plain, withTiming != null ? new Object[] {t} : new Object[0]);
            return program ? (FirmwareProgram) made : new DefaultFirmware((Firmware) made);
        });
    }

    private static Constructor<?> constructor(Class<?> c, Class<?>... parameters) {
        try {
            return c.getConstructor(parameters);
        } catch (NoSuchMethodException none) {
            return null;
        }
    }

    /** A new instance; a constructor that throws is the firmware failing (a FirmwareException naming it). */
    private static Object make(String name, Constructor<?> k, Object[] args) {
        try {
            return k.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new FirmwareException("firmware " + name + ": its constructor threw " + FirmwareException.said(e.getCause()), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new FirmwareException("firmware " + name + ": cannot be made (its constructor is not accessible, or the class does not link "
                    + "against this version of the model)", e);
        }
    }
}
