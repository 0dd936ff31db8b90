package org.virtiosim.core.param;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters a tool admits, in the order it lists them: names are unique. Lookups by name and
 * the "(known: …)" list of an error come from here, so no list of names is written twice.
 */
public final class ParamSet {
    private final Map<String, Param<?>> byName = new LinkedHashMap<>();

    public ParamSet(List<Param<?>> params) {
        for (Param<?> p : params) {
            if (byName.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException("parameter declared twice: " + p.name());
            }
        }
    }

    public List<Param<?>> all() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    /** The parameter of that name, or null. */
    public Param<?> find(String name) {
        return byName.get(name);
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * {@code values} with the parameter {@code name} set from {@code text}; an unknown name or a
     * bad value is an {@link IllegalArgumentException} whose message names it: {@code name=text:
     * expected …} or {@code unknown parameter 'name' (known: …)}.
     */
    public ParamValues set(ParamValues values, String name, String text) {
        Param<?> p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown parameter '" + NumberText.echo(name) + "' (known: " + String.join(", ", byName.keySet()) + ")");
        }
        try {
            return values.withText(p, text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + "=" + NumberText.echo(text) + ": " + e.getMessage());
        }
    }
}
