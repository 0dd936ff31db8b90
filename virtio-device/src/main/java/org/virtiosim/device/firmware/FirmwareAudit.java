package org.virtiosim.device.firmware;

/**
 * What a firmware program's answers did against the protocol, as the runtime sees them leave: a
 * status read answered 0 while its VF was still resetting, an admin command answered outside its
 * opcode's result layout. Counts, and the first of each kind described (VF, register or opcode,
 * time, what was expected); a healthy run records nothing, so nothing here allocates then.
 */
public final class FirmwareAudit {
    /** {@code device_status}, legacy offset 18 (virtio 0.9.5 legacy layout; transport-pci.tex "Legacy Interfaces"). */
    static final int DEVICE_STATUS = 0x12;

    // Admin command opcodes, virtio 1.3 admin.tex and admin-cmds-legacy-interface.tex (numbers only:
    // this package must not depend on the aq scheme that parses them).
    private static final int LIST_QUERY = 0x0;
    private static final int LIST_USE = 0x1;
    private static final int LEGACY_COMMON_CFG_WRITE = 0x2;
    private static final int LEGACY_COMMON_CFG_READ = 0x3;
    private static final int LEGACY_DEV_CFG_WRITE = 0x4;
    private static final int LEGACY_DEV_CFG_READ = 0x5;
    private static final int LEGACY_NOTIFY_INFO = 0x6;
    private static final String[] OPCODES = {"LIST_QUERY", "LIST_USE", "LEGACY_COMMON_CFG_WRITE", "LEGACY_COMMON_CFG_READ",
        "LEGACY_DEV_CFG_WRITE", "LEGACY_DEV_CFG_READ", "LEGACY_NOTIFY_INFO"};
    // Admin command status values (admin.tex, "VIRTIO_ADMIN_STATUS_*"): the failures a command may complete with.
    private static final int EAGAIN = 11;
    private static final int ENOMEM = 12;
    private static final int EINVAL = 22;
    /** The highest status qualifier admin.tex defines (VIRTIO_ADMIN_STATUS_Q_TRYAGAIN). */
    private static final int LAST_QUALIFIER = 0x07;

    private long earlyStatusAnswers;
    private String firstEarlyStatus;
    private long layoutViolations;
    private String firstLayoutViolation;

    /** A legacy read of {@code size} bytes at {@code offset} answered {@code value} by the firmware at {@code ps}. */
    void legacyReadAnswered(int vf, int offset, int size, long value, boolean resetting, int statusNow, long ps) {
        statusRead(vf, "a legacy read", offset, size, value, resetting, statusNow, ps);
    }

    private void statusRead(int vf, String how, int offset, int size, long value, boolean resetting, int statusNow, long ps) {
        if (resetting && offset <= DEVICE_STATUS && DEVICE_STATUS < offset + size && (value >>> 8 * (DEVICE_STATUS - offset) & 0xFF) == 0) {
            earlyStatus(vf, how, ps, statusNow);
        }
    }

    /** An admin command answered OK with {@code value} (a legacy read command's data). */
    void commandAnswered(int vf, FirmwareCommand c, long value, boolean resetting, int statusNow, long ps) {
        int op = c.opcode();
        int len = c.length();
        switch (op) {
            case LEGACY_COMMON_CFG_READ, LEGACY_DEV_CFG_READ -> {
                if (len < 1 || len < 8 && value >>> 8 * len != 0) {
                    layout(vf, c, ps, "a result 0x" + Long.toHexString(value) + " wider than its " + len + " byte(s)",
                            "u8 registers[" + len + "], the command's length");
                } else if (op == LEGACY_COMMON_CFG_READ) {
                    statusRead(vf, "LEGACY_COMMON_CFG_READ", c.legacyOffset(), len, value, resetting, statusNow, ps);
                }
            }
            case LEGACY_COMMON_CFG_WRITE, LEGACY_DEV_CFG_WRITE, LIST_USE -> {
                if (value != 0) {
                    layout(vf, c, ps, "a result 0x" + Long.toHexString(value), "no command_specific_result");
                }
            }
            case LIST_QUERY -> layout(vf, c, ps, "a register value", "le64 device_admin_cmd_opcodes[], the supported-opcode bitmap");
            case LEGACY_NOTIFY_INFO -> layout(vf, c, ps, "a register value",
                    "struct virtio_admin_cmd_notify_info_result: 4 entries of {u8 flags; u8 bar; u8 padding[6]; le64 offset}");
            default -> layout(vf, c, ps, "OK", "VIRTIO_ADMIN_STATUS_EINVAL / INVALID_OPCODE for an opcode the spec does not define");
        }
    }

    /** An admin command completed with {@code status} and {@code qualifier}. */
    void commandFailed(int vf, FirmwareCommand c, int status, int qualifier, long ps) {
        if (status != EAGAIN && status != ENOMEM && status != EINVAL || qualifier < 0 || qualifier > LAST_QUALIFIER) {
            layout(vf, c, ps, "status " + status + " qualifier " + qualifier,
                    "status EAGAIN 11, ENOMEM 12 or EINVAL 22 with a qualifier 0.." + LAST_QUALIFIER);
        }
    }

    private void earlyStatus(int vf, String how, long ps, int statusNow) {
        if (earlyStatusAnswers++ == 0) {
            firstEarlyStatus = "VF " + vf + " device_status (legacy offset 0x12): " + how + " answered 0 at " + ps / 1000
                    + " ns while its reset was in progress (expected " + (statusNow != 0 ? "0x" + Integer.toHexString(statusNow)
                    + ", the status until the reset ends, or the read held until then)" : "a non-zero status, or the read held until the reset ends)");
        }
    }

    private void layout(int vf, FirmwareCommand c, long ps, String got, String expected) {
        if (layoutViolations++ == 0) {
            int op = c.opcode();
            String name = op >= 0 && op < OPCODES.length ? OPCODES[op] : "opcode 0x" + Integer.toHexString(op);
            firstLayoutViolation = "VF " + vf + " " + name + " (offset " + c.legacyOffset() + ", length " + c.length() + "): answered with "
                    + got + " at " + ps / 1000 + " ns (expected " + expected + ")";
        }
    }

    /** Status reads the firmware answered with 0 while their VF's reset was in progress. */
    public long earlyStatusAnswers() {
        return earlyStatusAnswers;
    }

    /** The first of them: VF, register, time, expected value; null if none. */
    public String firstEarlyStatus() {
        return firstEarlyStatus;
    }

    /** Admin commands answered outside their opcode's result layout. */
    public long layoutViolations() {
        return layoutViolations;
    }

    /** The first of them, described; null if none. */
    public String firstLayoutViolation() {
        return firstLayoutViolation;
    }
}
