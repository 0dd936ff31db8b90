package org.virtiosim.device.scheme.aq.command;

import java.util.Arrays;
import org.virtiosim.device.firmware.FirmwareCommand;
import org.virtiosim.device.legacy.LegacyLayout;

/**
 * One group administration command and its result, mutable and reused: the one codec of struct
 * virtio_admin_cmd (admin.tex) and the legacy commands' data and results
 * (admin-cmds-legacy-interface.tex), for both halves. The driver model builds it, encodes the
 * device-readable part into host memory and decodes the device-writable part the device wrote;
 * the device decodes the device-readable part it fetched, validates it with
 * {@link AdminCommandValidator}, fills the result and encodes the device-writable part. Field
 * offsets are the struct classes of this package.
 *
 * <p>Three facts from the spec shape it:
 * <ul>
 * <li>The legacy access size is not a field. For the writes it is the length of {@code data}, that
 * is what the device-readable part holds past the 8-byte wr_data header; for the reads it is the
 * length of the result {@code data}, that is the device-writable part past the 8-byte status.
 * <li>"Any missing fields are interpreted as set to zero" and data beyond the described length is
 * ignored ("Administration Virtqueues"), so decoding a short buffer reads zeros, not past its end.
 * <li>Register data is little-endian "unconditionally", so a register value and its data bytes are
 * one thing: {@link #dataValue()}.
 * </ul>
 *
 * <p>Register data lives in a fixed {@value #MAX_DATA}-byte array: the legacy offset is a u8, so no
 * access that the validator accepts reaches past byte 256 of either region. A longer decoded length
 * is kept in {@link #length()} (so validation still sees it) but only the first {@value #MAX_DATA}
 * bytes are stored.
 */
public final class AdminCommand implements FirmwareCommand {
    /** Register bytes one command can carry. */
    public static final int MAX_DATA = 256;

    // device-readable part
    private int opcode;
    private int groupType;
    private long groupMemberId;
    private int legacyOffset;
    private int length;
    private final byte[] data = new byte[MAX_DATA];
    /** LIST_USE data, or LIST_QUERY result: le64 device_admin_cmd_opcodes[0]. */
    private long commandList;
    /** LIST_USE data named an opcode of 64 or more (a non-zero later le64). */
    private boolean commandListBeyond64;
    /** Length of the device-readable part it was last decoded from. */
    private int readableBytes;

    // device-writable part
    private int status;
    private int statusQualifier;
    private final int[] notifyFlags = new int[NotifyInfoResult.ENTRIES];
    private final int[] notifyBar = new int[NotifyInfoResult.ENTRIES];
    private final long[] notifyOffset = new long[NotifyInfoResult.ENTRIES];

    /** Back to all zeros: opcode LIST_QUERY, group type 0, no data, status OK, empty notify list. */
    public AdminCommand clear() {
        opcode = 0;
        groupType = 0;
        groupMemberId = 0;
        legacyOffset = 0;
        length = 0;
        commandList = 0;
        commandListBeyond64 = false;
        clearResult();
        return this;
    }

    /** Status OK and an empty result, keeping the device-readable part. */
    public AdminCommand clearResult() {
        status = AdminStatus.OK;
        statusQualifier = AdminStatus.Q_OK;
        for (int i = 0; i < NotifyInfoResult.ENTRIES; i++) {
            notifyFlags[i] = NotifyInfoResult.FLAGS_END_OF_LIST;
            notifyBar[i] = 0;
            notifyOffset[i] = 0;
        }
        if (opcode == AdminOpcode.LIST_QUERY) {
            commandList = 0;
        }
        return this;
    }

    // ---- driver side: building commands ----

    /** Raw header, for commands this package has no builder for (and for invalid ones in tests). */
    public AdminCommand header(int opcode, int groupType, long groupMemberId) {
        this.opcode = opcode & 0xFFFF;
        this.groupType = groupType & 0xFFFF;
        this.groupMemberId = groupMemberId;
        return this;
    }

    /** LIST_QUERY for SR-IOV: "The group_member_id is unused. It is set to zero by driver." */
    public AdminCommand listQuery() {
        clear();
        return header(AdminOpcode.LIST_QUERY, AdminGroupType.SRIOV, 0);
    }

    /** LIST_USE for SR-IOV with the opcodes the driver will use. */
    public AdminCommand listUse(long opcodes) {
        clear();
        header(AdminOpcode.LIST_USE, AdminGroupType.SRIOV, 0);
        commandList = opcodes;
        return this;
    }

    /**
     * LEGACY_COMMON_CFG_WRITE or LEGACY_DEV_CFG_WRITE of the low {@code length} bytes of
     * {@code value} (zeros past the eighth) to VF {@code vf}. Linux fills group_member_id with
     * pci_iov_vf_id() + 1, the 1-based VF number.
     */
    public AdminCommand legacyWrite(int opcode, long vf, int offset, long value, int length) {
        if (!AdminOpcode.isLegacyWrite(opcode)) {
            throw new IllegalArgumentException("not a legacy write opcode: " + opcode);
        }
        return legacyAccess(opcode, vf, offset, length).dataValue(value);
    }

    /** LEGACY_COMMON_CFG_READ or LEGACY_DEV_CFG_READ of {@code length} bytes from VF {@code vf}. */
    public AdminCommand legacyRead(int opcode, long vf, int offset, int length) {
        if (!AdminOpcode.isLegacyRead(opcode)) {
            throw new IllegalArgumentException("not a legacy read opcode: " + opcode);
        }
        return legacyAccess(opcode, vf, offset, length);
    }

    private AdminCommand legacyAccess(int opcode, long vf, int offset, int length) {
        if (length < 0 || length > MAX_DATA) {
            throw new IllegalArgumentException("access size must be 0.." + MAX_DATA + ", got " + length);
        }
        clear();
        header(opcode, AdminGroupType.SRIOV, vf);
        legacyOffset = offset & 0xFF;
        this.length = length;
        return this;
    }

    /** LEGACY_NOTIFY_INFO for VF {@code vf}: "This command does not use command_specific_data." */
    public AdminCommand notifyInfo(long vf) {
        clear();
        return header(AdminOpcode.LEGACY_NOTIFY_INFO, AdminGroupType.SRIOV, vf);
    }

    // ---- device side: filling results ----

    public AdminCommand result(int packedResult) {
        return status(AdminStatus.status(packedResult), AdminStatus.qualifier(packedResult));
    }

    public AdminCommand status(int status, int qualifier) {
        this.status = status & 0xFFFF;
        this.statusQualifier = qualifier & 0xFFFF;
        return this;
    }

    /** LIST_QUERY result. */
    public AdminCommand supportedCommands(long opcodes) {
        commandList = opcodes;
        return this;
    }

    /**
     * The register value the data holds: its first {@link #length()} bytes, at most eight,
     * little-endian ("the device MUST decode and encode (respectively) the value of the data using
     * the little-endian format"). The written value on the device side, the value read on the
     * driver side.
     */
    @Override
    public long dataValue() {
        return Le.get(data, 0, Math.min(length, Long.BYTES), MAX_DATA);
    }

    /**
     * Sets the data to the low {@link #length()} bytes of {@code value}, zeros past the eighth: the
     * value to write on the driver side, the value read on the device side.
     */
    public AdminCommand dataValue(long value) {
        int n = Math.min(length, MAX_DATA);
        Arrays.fill(data, 0, n, (byte) 0);
        Le.put(data, 0, Long.BYTES, value, n);
        return this;
    }

    /** The register bytes themselves, {@link #length()} of them (up to {@value #MAX_DATA} stored). */
    public byte[] data() {
        return data;
    }

    /**
     * Sets one LEGACY_NOTIFY_INFO entry. Entry 3 must stay the end of list: "the last struct
     * virtio_pci_legacy_notify_info entry MUST have flags of zero".
     */
    public AdminCommand notifyEntry(int index, int flags, int bar, long offset) {
        if (index == NotifyInfoResult.ENTRIES - 1 && flags != NotifyInfoResult.FLAGS_END_OF_LIST) {
            throw new IllegalArgumentException("the last notify info entry must have flags 0");
        }
        notifyFlags[index] = flags & 0xFF;
        notifyBar[index] = bar & 0xFF;
        notifyOffset[index] = offset;
        return this;
    }

    // ---- sizes ----

    public int readableSize() {
        return AdminCommandSizes.deviceReadable(opcode, length);
    }

    public int writableSize() {
        return AdminCommandSizes.deviceWritable(opcode, length);
    }

    // ---- encode / decode ----

    /**
     * Writes the device-readable part at {@code off}, reserved bytes zero ("set to zero by the
     * driver"); returns {@link #readableSize()}.
     */
    public int encodeReadable(byte[] b, int off) {
        int n = readableSize();
        Arrays.fill(b, off, off + n, (byte) 0);
        Le.put16(b, off + AdminCommandHeader.OPCODE, opcode);
        Le.put16(b, off + AdminCommandHeader.GROUP_TYPE, groupType);
        Le.put64(b, off + AdminCommandHeader.GROUP_MEMBER_ID, groupMemberId);
        int p = off + AdminCommandHeader.SIZE;
        switch (opcode) {
            case AdminOpcode.LIST_USE:
                Le.put64(b, p, commandList);
                break;
            case AdminOpcode.LEGACY_COMMON_CFG_WRITE:
            case AdminOpcode.LEGACY_DEV_CFG_WRITE:
                Le.put8(b, p + LegacyWriteData.OFFSET, legacyOffset);
                System.arraycopy(data, 0, b, p + LegacyWriteData.DATA, Math.min(length, MAX_DATA));
                break;
            case AdminOpcode.LEGACY_COMMON_CFG_READ:
            case AdminOpcode.LEGACY_DEV_CFG_READ:
                Le.put8(b, p + LegacyReadData.OFFSET, legacyOffset);
                break;
            default:
                break;
        }
        return n;
    }

    /**
     * Parses a device-readable part of {@code readableLength} bytes at {@code off}, given the
     * length of the device-writable part the driver supplied (the read size comes from it).
     * Clears the result.
     */
    public AdminCommand decodeReadable(byte[] b, int off, int readableLength, int writableLength) {
        int end = off + Math.max(0, readableLength);
        readableBytes = readableLength;
        opcode = (int) Le.get(b, off + AdminCommandHeader.OPCODE, 2, end);
        groupType = (int) Le.get(b, off + AdminCommandHeader.GROUP_TYPE, 2, end);
        groupMemberId = Le.get(b, off + AdminCommandHeader.GROUP_MEMBER_ID, 8, end);
        legacyOffset = 0;
        length = 0;
        commandList = 0;
        commandListBeyond64 = false;
        int p = off + AdminCommandHeader.SIZE;
        switch (opcode) {
            case AdminOpcode.LIST_USE:
                commandList = Le.get(b, p, AdminCommandList.SIZE, end);
                for (int i = p + AdminCommandList.SIZE; i < end; i++) {
                    if (b[i] != 0) {
                        commandListBeyond64 = true;
                        break;
                    }
                }
                break;
            case AdminOpcode.LEGACY_COMMON_CFG_WRITE:
            case AdminOpcode.LEGACY_DEV_CFG_WRITE:
                legacyOffset = (int) Le.get(b, p + LegacyWriteData.OFFSET, 1, end);
                length = Math.max(0, end - (p + LegacyWriteData.DATA));
                if (length > 0) {
                    System.arraycopy(b, p + LegacyWriteData.DATA, data, 0, Math.min(length, MAX_DATA));
                }
                break;
            case AdminOpcode.LEGACY_COMMON_CFG_READ:
            case AdminOpcode.LEGACY_DEV_CFG_READ:
                legacyOffset = (int) Le.get(b, p + LegacyReadData.OFFSET, 1, end);
                length = Math.max(0, writableLength - AdminCommandStatus.SIZE);
                break;
            default:
                break;
        }
        return clearResult();
    }

    /**
     * Writes the device-writable part at {@code off}, at most {@code capacity} bytes ("discarding
     * data that would be written outside the specified device-writeable buffers"); returns the
     * bytes written, the used length.
     *
     * <p>A failed command writes only its status: status, status_qualifier and reserved2, 8 bytes,
     * a multiple of 64 bit as the device "MUST initialize". The driver "MUST act as if the
     * structure outside the part of the buffer used by the device is set to zero", so it sees a
     * zero result all the same; the device SHOULD also initialize the rest, which this one does
     * not, to spend no DMA write on zeros.
     */
    public int encodeWritable(byte[] b, int off, int capacity) {
        boolean ok = status == AdminStatus.OK;
        int n = Math.min(ok ? writableSize() : AdminCommandStatus.SIZE, Math.max(0, capacity));
        int end = off + n;
        Le.put(b, off + AdminCommandStatus.STATUS, 2, status, end);
        Le.put(b, off + AdminCommandStatus.STATUS_QUALIFIER, 2, statusQualifier, end);
        Le.put(b, off + AdminCommandStatus.RESERVED2, 4, 0, end);
        if (!ok) {
            return n;
        }
        int p = off + AdminCommandStatus.SIZE;
        switch (opcode) {
            case AdminOpcode.LIST_QUERY:
                Le.put(b, p, AdminCommandList.SIZE, commandList, end);
                break;
            case AdminOpcode.LEGACY_COMMON_CFG_READ:
            case AdminOpcode.LEGACY_DEV_CFG_READ:
                for (int i = 0; p + i < end; i++) {
                    b[p + i] = i < MAX_DATA ? data[i] : 0;
                }
                break;
            case AdminOpcode.LEGACY_NOTIFY_INFO:
                for (int i = 0; i < NotifyInfoResult.ENTRIES; i++) {
                    int e = p + i * NotifyInfoResult.ENTRY_SIZE;
                    Le.put(b, e + NotifyInfoResult.FLAGS, 1, notifyFlags[i], end);
                    Le.put(b, e + NotifyInfoResult.BAR, 1, notifyBar[i], end);
                    Le.put(b, e + NotifyInfoResult.PADDING, NotifyInfoResult.OFFSET - NotifyInfoResult.PADDING, 0, end);
                    Le.put(b, e + NotifyInfoResult.OFFSET, 8, notifyOffset[i], end);
                }
                break;
            default:
                break;
        }
        return n;
    }

    /**
     * Driver side: parses a device-writable part of which the device reported {@code usedLength}
     * bytes; "the driver MUST act as if the structure outside the part of the buffer used by the
     * device is set to zero". Uses this command's opcode and length to know the result layout.
     */
    public AdminCommand decodeWritable(byte[] b, int off, int usedLength) {
        int end = off + Math.max(0, usedLength);
        status = (int) Le.get(b, off + AdminCommandStatus.STATUS, 2, end);
        statusQualifier = (int) Le.get(b, off + AdminCommandStatus.STATUS_QUALIFIER, 2, end);
        int p = off + AdminCommandStatus.SIZE;
        switch (opcode) {
            case AdminOpcode.LIST_QUERY:
                commandList = Le.get(b, p, AdminCommandList.SIZE, end);
                break;
            case AdminOpcode.LEGACY_COMMON_CFG_READ:
            case AdminOpcode.LEGACY_DEV_CFG_READ:
                for (int i = 0; i < Math.min(length, MAX_DATA); i++) {
                    data[i] = (byte) Le.get(b, p + i, 1, end);
                }
                break;
            case AdminOpcode.LEGACY_NOTIFY_INFO:
                for (int i = 0; i < NotifyInfoResult.ENTRIES; i++) {
                    int e = p + i * NotifyInfoResult.ENTRY_SIZE;
                    notifyFlags[i] = (int) Le.get(b, e + NotifyInfoResult.FLAGS, 1, end);
                    notifyBar[i] = (int) Le.get(b, e + NotifyInfoResult.BAR, 1, end);
                    notifyOffset[i] = Le.get(b, e + NotifyInfoResult.OFFSET, 8, end);
                }
                break;
            default:
                break;
        }
        return this;
    }

    // ---- accessors ----

    /** Bytes after the header in the device-readable part it was decoded from (negative if that was shorter than a header). */
    @Override
    public int dataBytes() {
        return readableBytes - AdminCommandHeader.SIZE;
    }

    @Override
    public int opcode() {
        return opcode;
    }

    public int groupType() {
        return groupType;
    }

    @Override
    public long groupMemberId() {
        return groupMemberId;
    }

    /** The u8 offset of a legacy read or write. */
    @Override
    public int legacyOffset() {
        return legacyOffset;
    }

    /**
     * Where a legacy access lands in the member's legacy interface, as a BAR0 offset: the common
     * configuration starts at 0, the device-specific configuration at 20, or 24 with MSI-X enabled
     * (transport-pci.tex, "Legacy Interfaces: A Note on PCI Device Layout").
     */
    public int registerOffset(boolean msixEnabled) {
        return AdminOpcode.targetsCommonCfg(opcode) ? legacyOffset : LegacyLayout.deviceConfigStart(msixEnabled) + legacyOffset;
    }

    /** Access size of a legacy read or write, in bytes. */
    @Override
    public int length() {
        return length;
    }

    public long commandList() {
        return commandList;
    }

    public boolean commandListBeyond64() {
        return commandListBeyond64;
    }

    public int status() {
        return status;
    }

    public int statusQualifier() {
        return statusQualifier;
    }

    public int notifyFlags(int index) {
        return notifyFlags[index];
    }

    public int notifyBar(int index) {
        return notifyBar[index];
    }

    public long notifyOffset(int index) {
        return notifyOffset[index];
    }
}
