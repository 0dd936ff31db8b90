package org.virtiosim.device.scheme.aq;

/**
 * Admin command opcodes, group type and status values used by the AQ scheme (virtio 1.3,
 * admin.tex and admin-cmds-legacy-interface.tex).
 */
final class AdminStatus {
    static final int LEGACY_COMMON_CFG_WRITE = 0x2;
    static final int LEGACY_COMMON_CFG_READ = 0x3;
    static final int LEGACY_DEV_CFG_WRITE = 0x4;
    static final int LEGACY_DEV_CFG_READ = 0x5;
    static final int LEGACY_NOTIFY_INFO = 0x6;
    static final int GROUP_SRIOV = 0x1;
    static final int OK = 0;
    static final int EINVAL = 22;
    static final int Q_OK = 0;
    static final int Q_INVALID_OPCODE = 2;
    static final int Q_INVALID_FIELD = 3;
    static final int Q_INVALID_GROUP = 4;
    static final int Q_INVALID_MEMBER = 5;

    private AdminStatus() {
    }
}
