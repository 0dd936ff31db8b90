package org.virtiosim.device.firmware;

/** What a legacy register access does: read a register of the legacy layout, or write it. */
public enum LegacyOp {
    READ, WRITE
}
