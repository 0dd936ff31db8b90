package org.virtiosim.device.scheme.aq.command;

/**
 * Group administration command opcodes: admin.tex, the opcode table under "Group administration
 * commands" (0x0000 LIST_QUERY, 0x0001 LIST_USE, 0x0002..0x0006 the legacy interface commands;
 * 0x0007..0x7FFF further struct virtio_admin_cmd commands, 0x8000..0xFFFF reserved). The legacy
 * opcodes are also defined in admin-cmds-legacy-interface.tex and match Linux
 * include/uapi/linux/virtio_pci.h.
 */
public final class AdminOpcode {
    private AdminOpcode() {
    }

    public static final int LIST_QUERY = 0x0;
    public static final int LIST_USE = 0x1;
    public static final int LEGACY_COMMON_CFG_WRITE = 0x2;
    public static final int LEGACY_COMMON_CFG_READ = 0x3;
    public static final int LEGACY_DEV_CFG_WRITE = 0x4;
    public static final int LEGACY_DEV_CFG_READ = 0x5;
    public static final int LEGACY_NOTIFY_INFO = 0x6;

    /** Opcodes this package knows the layout of: bits 0..6, one le64 of a command list. */
    public static final long KNOWN = (1L << (LEGACY_NOTIFY_INFO + 1)) - 1;

    /** The two commands a device assumes in use after reset (admin.tex device requirements). */
    public static final long USED_AFTER_RESET = 1L << LIST_QUERY | 1L << LIST_USE;

    /** The four register-access commands, which a device supports all of or none of. */
    public static final long LEGACY_ACCESS = 1L << LEGACY_COMMON_CFG_WRITE | 1L << LEGACY_COMMON_CFG_READ
            | 1L << LEGACY_DEV_CFG_WRITE | 1L << LEGACY_DEV_CFG_READ;

    public static boolean isKnown(int opcode) {
        return opcode >= 0 && opcode <= LEGACY_NOTIFY_INFO;
    }

    /** LEGACY_COMMON_CFG_WRITE or LEGACY_DEV_CFG_WRITE: data is virtio_admin_cmd_legacy_*_wr_data. */
    public static boolean isLegacyWrite(int opcode) {
        return opcode == LEGACY_COMMON_CFG_WRITE || opcode == LEGACY_DEV_CFG_WRITE;
    }

    /** LEGACY_COMMON_CFG_READ or LEGACY_DEV_CFG_READ: data is the one-byte *_rd_data. */
    public static boolean isLegacyRead(int opcode) {
        return opcode == LEGACY_COMMON_CFG_READ || opcode == LEGACY_DEV_CFG_READ;
    }

    /** Whether the access targets the legacy common configuration (else device-specific). */
    public static boolean targetsCommonCfg(int opcode) {
        return opcode == LEGACY_COMMON_CFG_WRITE || opcode == LEGACY_COMMON_CFG_READ;
    }

    /**
     * Whether the command addresses a member. For LIST_QUERY and LIST_USE admin.tex says "The
     * group_member_id is unused. It is set to zero by driver."; every legacy command says "The
     * group_member_id refers to the member device to be accessed."
     */
    private static final String[] NAMES = {"LIST_QUERY", "LIST_USE", "LEGACY_COMMON_CFG_WRITE", "LEGACY_COMMON_CFG_READ",
        "LEGACY_DEV_CFG_WRITE", "LEGACY_DEV_CFG_READ", "LEGACY_NOTIFY_INFO"};

    /** The opcode's name without VIRTIO_ADMIN_CMD_, or its number if this package does not know it. */
    public static String name(int opcode) {
        return opcode >= 0 && opcode < NAMES.length ? NAMES[opcode] : "0x" + Integer.toHexString(opcode);
    }

    public static boolean usesMember(int opcode) {
        return opcode >= LEGACY_COMMON_CFG_WRITE && opcode <= LEGACY_NOTIFY_INFO;
    }
}
