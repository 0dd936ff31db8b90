package org.virtiosim.device.legacy;

/**
 * What the device must do after a write to the legacy register file. Returned instead of a
 * callback or an event object so that a write allocates nothing; the queue the effect is about,
 * if any, is in {@link LegacyRegisterFile#effectQueue()}.
 */
public enum WriteEffect {
    /** State changed (queue select), nothing else to do. */
    NONE,
    /** The write had no effect, as in QEMU (read-only register, out-of-range value); counted. */
    IGNORED,
    /** A reset is in progress and the write was dropped; counted. */
    DROPPED_DURING_RESET,
    /** Status 0 or queue PFN 0 was written; the register file is now in reset until completeReset(). */
    RESET_REQUESTED,
    /** The driver kicked queue {@link LegacyRegisterFile#effectQueue()}. */
    QUEUE_NOTIFY,
    /** Queue {@link LegacyRegisterFile#effectQueue()} got a ring address; the device can start using it. */
    QUEUE_ADDRESS_SET,
    /** The guest features register was written (QEMU runs the device's set_features hook). */
    GUEST_FEATURES_SET,
    /** A non-zero status was written (QEMU runs the device's set_status hook on every such write). */
    STATUS_CHANGED,
    /** Config vector (effect queue -1) or the vector of queue effectQueue() was written. */
    MSIX_VECTOR_CHANGED,
    /** At least one writable device-config byte was written (virtio-net: the MAC). */
    CONFIG_WRITTEN
}
