package org.virtiosim.device.scheme.aq.command;

/**
 * The {@code status} and {@code status_qualifier} values: admin.tex, the two tables after the
 * opcode table. Status values deliberately equal Linux errno numbers (0, EAGAIN 11, ENOMEM 12,
 * EINVAL 22); qualifiers 0x08..0xFFFF are reserved.
 *
 * <p>A validation outcome travels as one int, status in the high 16 bits and qualifier in the low
 * 16, so the device can return it from a hot path without allocating; {@link #OK_RESULT} is 0.
 */
public final class AdminStatus {
    private AdminStatus() {
    }

    public static final int OK = 0;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EINVAL = 22;

    public static final int Q_OK = 0x00;
    public static final int Q_INVALID_COMMAND = 0x01;
    public static final int Q_INVALID_OPCODE = 0x02;
    public static final int Q_INVALID_FIELD = 0x03;
    public static final int Q_INVALID_GROUP = 0x04;
    public static final int Q_INVALID_MEMBER = 0x05;
    public static final int Q_NORESOURCE = 0x06;
    public static final int Q_TRYAGAIN = 0x07;

    /** OK with qualifier OK: "When status is VIRTIO_ADMIN_STATUS_OK, status_qualifier is reserved and set to zero". */
    public static final int OK_RESULT = 0;

    private static final String[] QUALIFIER_NAMES = {"OK", "INVALID_COMMAND", "INVALID_OPCODE", "INVALID_FIELD", "INVALID_GROUP",
        "INVALID_MEMBER", "NORESOURCE", "TRYAGAIN"};

    /** VIRTIO_ADMIN_STATUS_Q_{@code name}: the qualifier's name without its prefix, or its number if reserved. */
    public static String qualifierName(int qualifier) {
        return qualifier >= 0 && qualifier < QUALIFIER_NAMES.length ? QUALIFIER_NAMES[qualifier] : "0x" + Integer.toHexString(qualifier);
    }

    public static int result(int status, int qualifier) {
        return (status & 0xFFFF) << 16 | (qualifier & 0xFFFF);
    }

    public static int status(int result) {
        return result >>> 16;
    }

    public static int qualifier(int result) {
        return result & 0xFFFF;
    }

    public static boolean isOk(int result) {
        return status(result) == OK;
    }
}
