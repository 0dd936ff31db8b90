package org.virtiosim.core.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A typed list of named entries (schemes, notify routes, scenarios, ...), in the order users see
 * them. Every list of names, every lookup and every "(known: …)" error text comes from one of
 * these, so adding an entry is adding it here and nowhere else.
 *
 * @param <T> the entries' type
 */
public final class Registry<T> {
    private final String what;
    private final Map<String, T> byId = new LinkedHashMap<>();

    /**
     * @param what what an entry is called in messages ({@code scheme}, {@code notification path})
     * @param id an entry's id
     */
    public Registry(String what, Function<T, String> id, List<T> entries) {
        this.what = what;
        for (T e : entries) {
            if (byId.putIfAbsent(id.apply(e), e) != null) {
                throw new IllegalArgumentException(what + " registered twice: " + id.apply(e));
            }
        }
    }

    public List<T> all() {
        return List.copyOf(byId.values());
    }

    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /** The entry with that id, or null. */
    public T find(String id) {
        return byId.get(id);
    }

    /** The entry with that id; else {@link IllegalArgumentException}: {@code unknown scheme 'x' (known: a, b)}. */
    public T require(String id) {
        T e = byId.get(id);
        if (e == null) {
            throw new IllegalArgumentException("unknown " + what + " '" + id + "' (known: " + known() + ")");
        }
        return e;
    }

    /** The ids, comma-separated, as an error message lists them. */
    public String known() {
        return String.join(", ", byId.keySet());
    }

    /** What an entry is called in messages. */
    public String what() {
        return what;
    }
}
