package org.virtiosim.device.scheme.aq.command;

import java.util.function.IntFunction;
import org.virtiosim.device.legacy.DeviceConfig;
import org.virtiosim.device.legacy.LegacyLayout;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.LegacyRegisterFile;

/**
 * What an SR-IOV owner device answers a group administration command with, before executing it:
 * the status and status qualifier the specification prescribes, as an {@link AdminStatus} result.
 * One instance per owner device and group type, because it also keeps the list of commands the
 * driver said it uses. {@link #validate} itself changes nothing ("If status is set to
 * VIRTIO_ADMIN_STATUS_EINVAL, the device state MUST NOT change").
 *
 * <p>Checks, in this order, each with the sentence it follows:
 * <ol>
 * <li>group_type other than SR-IOV: EINVAL / INVALID_GROUP. admin.tex device requirements: "if
 * group_type is invalid, status_qualifier MUST be set to VIRTIO_ADMIN_STATUS_Q_INVALID_GROUP".
 * <li>SR-IOV with VF Enable clear: EINVAL / INVALID_GROUP. "When processing a command with the
 * SR-IOV group type, if the device does not have an SR-IOV Extended Capability or if VF Enable is
 * clear then the device MUST fail all commands with status set to VIRTIO_ADMIN_STATUS_EINVAL and
 * status_qualifier set to VIRTIO_ADMIN_STATUS_Q_INVALID_GROUP".
 * <li>opcode unsupported, reserved, or not in the list in use: EINVAL / INVALID_OPCODE.
 * "otherwise, if opcode is invalid, status_qualifier MUST be set to
 * VIRTIO_ADMIN_STATUS_Q_INVALID_OPCODE" and "The device MUST validate commands against the list
 * used by the driver and MUST fail any commands not in the list with status set to
 * VIRTIO_ADMIN_STATUS_EINVAL and status_qualifier set to VIRTIO_ADMIN_STATUS_Q_INVALID_OPCODE". After
 * reset the list is LIST_QUERY and LIST_USE.
 * <li>group_member_id outside 1..NumVFs, for the commands that use it (the legacy ones): EINVAL /
 * INVALID_MEMBER. "otherwise, if group_member_id is used by the specific command and is invalid,
 * status_qualifier MUST be set to VIRTIO_ADMIN_STATUS_Q_INVALID_MEMBER", with the SR-IOV range
 * "not between 1 and NumVFs inclusive". The SR-IOV paragraph says "fail all commands", but
 * LIST_QUERY/LIST_USE leave the id "unused. It is set to zero by driver", so failing them on it
 * would make those commands unusable; the general "used by the specific command" rule wins here.
 * <li>LIST_USE naming an opcode the device does not support: EINVAL / INVALID_FIELD. "The device
 * MAY ... fail the command VIRTIO_ADMIN_CMD_LIST_USE with status set to VIRTIO_ADMIN_STATUS_EINVAL
 * and status_qualifier set to VIRTIO_ADMIN_STATUS_Q_INVALID_FIELD"; the driver "MUST NOT request
 * ... the use of any commands not previously reported as supported".
 * <li>A legacy read or write whose offset and length do not refer to a single field within the
 * region: EINVAL / INVALID_FIELD. admin-cmds-legacy-interface.tex: "the device MUST fail the command
 * when the value of the offset and the length of the data do not refer to a single field or are not
 * completely within the virtio common configuration excluding the device-specific configuration"
 * (and likewise "completely within the virtio device-specific configuration"). The spec names no
 * status for this failure; EINVAL / INVALID_FIELD is the pair whose description fits, "unsupported
 * or invalid field within command_specific_data" (the offset, and for writes the data length, are
 * command_specific_data). A zero-length access refers to no field and fails the same way; so does
 * a read whose result buffer holds no data bytes. The common configuration is 20 or 24 bytes by the
 * member's MSI-X state (transport-pci.tex, "Legacy Interfaces: A Note on PCI Device Layout"), so
 * LEGACY_COMMON_CFG_READ at 0x14 with MSI-X off (the first byte of the device-specific
 * configuration) fails with EINVAL / INVALID_FIELD; with MSI-X on it reads the config vector.
 * </ol>
 *
 * <p>The lengths: "No length or alignment restrictions are placed on the value of the offset and
 * the length of the data, except that the resulting access refers to a single field and is
 * completely within" the region. So any access inside one header register is valid (the whole
 * register, or part of it: one byte of Queue Address), and any access inside one field of the
 * device-specific configuration ({@link DeviceConfig#fieldEnd}: all six bytes of the virtio-net MAC
 * in one command). In the device-specific configuration the 1, 2 and 4-byte accesses the legacy
 * interface takes anywhere ("the driver MAY access the device-specific configuration region using
 * any width accesses", transport-pci.tex) stay valid too, so every access another scheme can make
 * is one this device accepts. An access longer than 8 bytes is refused (no legacy field is longer).
 *
 * <p>Reserved fields are not checked: "unused device-readable fields are set to zero by the driver
 * and ignored by the device". Writes to read-only legacy registers are not refused either: the
 * commands "have the same effect as" a legacy access, which does not fail.
 */
public final class AdminCommandValidator {

    private final long supportedOpcodes;
    private final IntFunction<LegacyRegisterFile> members;
    private long usedOpcodes = AdminOpcode.USED_AFTER_RESET;

    /**
     * @param supportedOpcodes what LIST_QUERY reports: must include LIST_QUERY and LIST_USE, all or
     *        none of the four register commands ("A device MUST either support all of, or none of"),
     *        and NOTIFY_INFO only with them ("the device MUST also support all of")
     * @param members the legacy register file of VF n, asked only for an n already found to be
     *        between 1 and NumVFs
     */
    public AdminCommandValidator(long supportedOpcodes, IntFunction<LegacyRegisterFile> members) {
        if ((supportedOpcodes & ~AdminOpcode.KNOWN) != 0
                || (supportedOpcodes & AdminOpcode.USED_AFTER_RESET) != AdminOpcode.USED_AFTER_RESET) {
            throw new IllegalArgumentException("supported opcodes must be within 0..6 and include 0 and 1");
        }
        long legacy = supportedOpcodes & AdminOpcode.LEGACY_ACCESS;
        if (legacy != 0 && legacy != AdminOpcode.LEGACY_ACCESS) {
            throw new IllegalArgumentException("the four legacy register commands go together");
        }
        if ((supportedOpcodes & 1L << AdminOpcode.LEGACY_NOTIFY_INFO) != 0 && legacy == 0) {
            throw new IllegalArgumentException("LEGACY_NOTIFY_INFO requires the four legacy register commands");
        }
        this.supportedOpcodes = supportedOpcodes;
        this.members = members;
    }

    /** What LIST_QUERY returns. */
    public long supportedOpcodes() {
        return supportedOpcodes;
    }

    /**
     * Call after a LIST_USE validated OK: "After completing VIRTIO_ADMIN_CMD_LIST_USE successfully,
     * the device MUST set the list of legal commands used by the driver to the one supplied".
     */
    public AdminCommandValidator use(long opcodes) {
        usedOpcodes = opcodes;
        return this;
    }

    /** {@link #validate(AdminCommand, boolean, int)} with VF Enable set. */
    public int validate(AdminCommand cmd, int numVfs) {
        return validate(cmd, true, numVfs);
    }

    /** The prescribed status and qualifier ({@link AdminStatus#result}); {@link AdminStatus#OK_RESULT} if valid. */
    public int validate(AdminCommand cmd, boolean vfEnable, int numVfs) {
        if (cmd.groupType() != AdminGroupType.SRIOV || !vfEnable) {
            return AdminStatus.result(AdminStatus.EINVAL, AdminStatus.Q_INVALID_GROUP);
        }
        int opcode = cmd.opcode();
        if (!AdminOpcode.isKnown(opcode) || (supportedOpcodes & usedOpcodes & 1L << opcode) == 0) {
            return AdminStatus.result(AdminStatus.EINVAL, AdminStatus.Q_INVALID_OPCODE);
        }
        long vf = cmd.groupMemberId();
        if (AdminOpcode.usesMember(opcode) && (vf < 1 || vf > numVfs)) {
            return AdminStatus.result(AdminStatus.EINVAL, AdminStatus.Q_INVALID_MEMBER);
        }
        if (opcode == AdminOpcode.LIST_USE
                && ((cmd.commandList() & ~supportedOpcodes) != 0 || cmd.commandListBeyond64())) {
            return AdminStatus.result(AdminStatus.EINVAL, AdminStatus.Q_INVALID_FIELD);
        }
        if (AdminOpcode.isLegacyWrite(opcode) || AdminOpcode.isLegacyRead(opcode)) {
            LegacyRegisterFile regs = members.apply((int) vf);
            if (!singleField(regs, AdminOpcode.targetsCommonCfg(opcode), cmd.legacyOffset(), cmd.length())) {
                return AdminStatus.result(AdminStatus.EINVAL, AdminStatus.Q_INVALID_FIELD);
            }
        }
        return AdminStatus.OK_RESULT;
    }

    /** Commands refused, by status qualifier ({@link #count}). */
    private final long[] refused = new long[AdminStatus.Q_TRYAGAIN + 1];

    /** The device answered a command with {@code result}: a refusal (status other than OK or EAGAIN) is counted by its qualifier. */
    public void count(int result) {
        int status = AdminStatus.status(result);
        int q = AdminStatus.qualifier(result);
        if (status != AdminStatus.OK && status != AdminStatus.EAGAIN && q < refused.length) {
            refused[q]++;
        }
    }

    /**
     * Commands refused so far, by status and qualifier name ({@code EINVAL/INVALID_MEMBER} ...),
     * only those seen: what the run reports as the device's rejections.
     */
    public java.util.Map<String, Long> refused() {
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (int q = 0; q < refused.length; q++) {
            if (refused[q] != 0) {
                m.put("EINVAL/" + AdminStatus.qualifierName(q), refused[q]);
            }
        }
        return m;
    }

    /** The longest access a command here carries: data travels as one le64 value. */
    public static final int MAX_ACCESS_BYTES = 8;

    /**
     * Whether {@code length} bytes at {@code offset} of the common configuration ({@code common})
     * or of the device-specific configuration refer to a single field completely within it.
     */
    static boolean singleField(LegacyRegisterFile regs, boolean common, int offset, int length) {
        if (length < 1 || length > MAX_ACCESS_BYTES || offset < 0) {
            return false;
        }
        boolean msix = regs.msixEnabled();
        if (common) {
            LegacyRegister r = LegacyRegister.covering(offset, msix);
            return offset + length <= LegacyLayout.deviceConfigStart(msix) && r != null
                    && offset + length <= r.offset() + r.width();
        }
        DeviceConfig config = regs.config();
        if (offset + length > config.length()) {
            return false;
        }
        return length == 1 || length == 2 || length == 4 || offset + length <= config.fieldEnd(offset);
    }
}
