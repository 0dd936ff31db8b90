package org.virtiosim.core.component;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One instance per type within one model (a device, a host), made on first use: what two
 * plug-ins installed into the same model share (the aq scheme and the aq notify route drive the
 * same admin queues). Used while a model is built, never on the hot path.
 */
public final class SharedParts {
    private final Map<Class<?>, Object> parts = new HashMap<>();

    public <T> T get(Class<T> type, Supplier<T> make) {
        Object o = parts.get(type);
        if (o == null) {
            o = make.get();
            parts.put(type, o);
        }
        return type.cast(o);
    }

    /** The instance of {@code type} if one was made, else null. */
    public <T> T find(Class<T> type) {
        return type.cast(parts.get(type));
    }
}
