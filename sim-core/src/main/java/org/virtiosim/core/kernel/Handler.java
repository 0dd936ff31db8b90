package org.virtiosim.core.kernel;

/**
 * What runs when a scheduled event fires. One handler object is scheduled many times; the
 * {@code arg} carries what differs between firings (an index, a tag, a pool slot) so that no
 * event object, and no capturing lambda, is allocated per firing.
 */
@FunctionalInterface
public interface Handler {
    void handle(long arg);
}
