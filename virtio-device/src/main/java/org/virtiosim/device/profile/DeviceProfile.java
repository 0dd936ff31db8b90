package org.virtiosim.device.profile;

import java.util.List;
import java.util.Objects;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;

/**
 * A named device identity: the parameter values that make the simulated VF present what a real
 * device presents. Applying it sets those parameters and nothing else; a {@code --set} (or a
 * scenario file's {@code parameters}) given after it wins.
 *
 * @param id          the name {@code --device-profile} and {@code device_profile} take
 * @param description what device it is, in a few words
 * @param source      where the values come from (a device's source and version, a capture)
 * @param settings    the parameters it sets, each once
 */
public record DeviceProfile(String id, String description, String source, List<Setting<?>> settings) {

    /** One parameter at one value. */
    public record Setting<T>(Param<T> param, T value) {
        public Setting {
            Objects.requireNonNull(param);
            Objects.requireNonNull(value);
            if (!param.parse(param.format(value)).equals(value)) {
                throw new IllegalArgumentException(param.name() + ": profile value " + param.format(value) + " is not admitted");
            }
        }

        /** The value as {@code --set} writes it. */
        public String valueText() {
            return param.format(value);
        }

        ParamValues applyTo(ParamValues values) {
            return values.with(param, value);
        }
    }

    public DeviceProfile {
        Objects.requireNonNull(id);
        Objects.requireNonNull(description);
        Objects.requireNonNull(source);
        settings = List.copyOf(settings);
        if (settings.stream().map(Setting::param).distinct().count() != settings.size()) {
            throw new IllegalArgumentException("device profile " + id + " sets a parameter twice");
        }
    }

    /** A setting of this profile's. */
    public static <T> Setting<T> set(Param<T> param, T value) {
        return new Setting<>(param, value);
    }

    /** {@code values} with this profile's parameters set. */
    public ParamValues applyTo(ParamValues values) {
        ParamValues v = values;
        for (Setting<?> s : settings) {
            v = s.applyTo(v);
        }
        return v;
    }

    /** {@code name=value, ...} as {@code --set} would write them. */
    public String settingsText() {
        return String.join(", ", settings.stream().map(s -> s.param().name() + "=" + s.valueText()).toList());
    }
}
