package org.virtiosim.testbench.study;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Each key's value computed once, by the first caller to ask for it; a caller asking meanwhile
 * waits for that one computation, so parts of a study running at once ({@link RunPool#parts})
 * share a run instead of repeating it. A computation that fails fails every caller of that key.
 */
public final class OnceEach<K, V> {
    private final ConcurrentHashMap<K, CompletableFuture<V>> values = new ConcurrentHashMap<>();
    private final Function<K, V> compute;

    public OnceEach(Function<K, V> compute) {
        this.compute = compute;
    }

    /** The value of {@code key}, computed now on this thread if nobody has yet. */
    public V get(K key) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> theirs = values.putIfAbsent(key, mine);
        if (theirs == null) {
            try {
                mine.complete(compute.apply(key));
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return theirs.join();
        } catch (CompletionException e) {
            throw RunPool.rethrown(e.getCause());
        }
    }

    /** How many keys have been asked for. */
    public int size() {
        return values.size();
    }
}
