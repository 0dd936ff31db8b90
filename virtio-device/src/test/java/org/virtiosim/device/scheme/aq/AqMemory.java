package org.virtiosim.device.scheme.aq;

import org.virtiosim.device.scheme.aq.command.AqLayout;
import org.virtiosim.pcie.host.HostMemory;

/**
 * A host driver's view of one admin virtqueue in host memory, written byte by byte from the
 * virtio 1.3 layouts, not from the model's codec: the split virtqueue (§2.7: descriptor
 * {le64 addr, le32 len, le16 flags, le16 next}; available ring {le16 flags, le16 idx, le16 ring[]};
 * used ring {le16 flags, le16 idx, {le32 id, le32 len} ring[]}) and the admin command
 * (§2.12.1.2: struct virtio_admin_cmd_hdr {le16 opcode, le16 group_type, u8 reserved1[12],
 * le64 group_member_id}; struct virtio_admin_cmd_status {le16 status, le16 status_qualifier,
 * u8 reserved2[4]}; the legacy commands' data, admin-cmds-legacy-interface.tex).
 */
final class AqMemory {
    static final int LEGACY_COMMON_CFG_WRITE = 0x2;
    static final int LEGACY_COMMON_CFG_READ = 0x3;
    static final int LEGACY_DEV_CFG_WRITE = 0x4;
    static final int LEGACY_DEV_CFG_READ = 0x5;
    static final int LEGACY_NOTIFY_INFO = 0x6;
    static final int GROUP_SRIOV = 0x1;
    static final int STATUS_OK = 0;
    static final int STATUS_EINVAL = 22;
    static final int Q_INVALID_OPCODE = 0x2;
    static final int Q_INVALID_FIELD = 0x3;
    static final int Q_INVALID_GROUP = 0x4;
    static final int Q_INVALID_MEMBER = 0x5;
    static final int F_NEXT = 1;
    static final int F_WRITE = 2;
    static final int HDR_BYTES = 24;
    static final int STATUS_BYTES = 8;

    final HostMemory m;
    final AqLayout q;
    private int availIdx;

    AqMemory(HostMemory m, AqLayout q) {
        this.m = m;
        this.q = q;
    }

    void put(long addr, int bytes, long v) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        m.write(addr, b, 0, bytes);
    }

    long get(long addr, int bytes) {
        byte[] b = new byte[bytes];
        m.read(addr, b, 0, bytes);
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    void descriptor(int id, long addr, int len, int flags, int next) {
        long d = q.descriptor(id);
        put(d, 8, addr);
        put(d + 8, 4, len);
        put(d + 12, 2, flags);
        put(d + 14, 2, next);
    }

    void header(long at, int opcode, int groupType, long member) {
        put(at, 2, opcode);
        put(at + 2, 2, groupType);
        put(at + 4, 4, 0);
        put(at + 8, 8, 0);
        put(at + 16, 8, member);
    }

    /** Where a command's header goes within its slot's buffer (a driver may put it anywhere). */
    long headerOffset = 0;

    /** Where slot s's buffers are: header, data right after it, status at +128, result at +192. */
    long buf(int slot) {
        return q.slotBuffer(slot) + headerOffset;
    }

    /** Where a command's data goes, given its header's address (settable: a driver may put it anywhere). */
    long dataOffset = HDR_BYTES;

    private long dataAt(long header) {
        return header + dataOffset;
    }

    long statusAddr(int slot) {
        return q.slotBuffer(slot) + 128;
    }

    long resultAddr(int slot) {
        return q.slotBuffer(slot) + 192;
    }

    /**
     * A command in slot {@code slot} (descriptors 4·slot ..): header, then data if any
     * (device-readable), then status, then a result buffer of {@code resultLen} bytes if > 0
     * (device-writable). Returns the head descriptor; not yet published.
     */
    int command(int slot, int opcode, int groupType, long member, byte[] data, int resultLen) {
        long b = buf(slot);
        header(b, opcode, groupType, member);
        put(statusAddr(slot), 8, 0xFFFF_FFFF_FFFF_FFFFL); // so a write of it shows
        int d = 4 * slot;
        int head = d;
        descriptor(d, b, HDR_BYTES, F_NEXT, d + 1);
        d++;
        if (data != null) {
            m.write(dataAt(b), data, 0, data.length);
            descriptor(d, dataAt(b), data.length, F_NEXT, d + 1);
            d++;
        }
        descriptor(d, statusAddr(slot), STATUS_BYTES, F_WRITE | (resultLen > 0 ? F_NEXT : 0), resultLen > 0 ? d + 1 : 0);
        if (resultLen > 0) {
            descriptor(d + 1, resultAddr(slot), resultLen, F_WRITE, 0);
        }
        return head;
    }

    /** struct virtio_admin_cmd_legacy_*_wr_data: u8 offset, u8 reserved[7], u8 registers[]. */
    static byte[] writeData(int offset, int size, long value) {
        byte[] d = new byte[8 + size];
        d[0] = (byte) offset;
        for (int i = 0; i < size; i++) {
            d[8 + i] = (byte) (value >>> (8 * i));
        }
        return d;
    }

    /** struct virtio_admin_cmd_legacy_*_rd_data: u8 offset. */
    static byte[] readData(int offset) {
        return new byte[] {(byte) offset};
    }

    int write(int slot, int opcode, int vf, int offset, int size, long value) {
        return command(slot, opcode, GROUP_SRIOV, vf, writeData(offset, size, value), 0);
    }

    int read(int slot, int opcode, int vf, int offset, int size) {
        return command(slot, opcode, GROUP_SRIOV, vf, readData(offset), size);
    }

    /** Puts a chain in the available ring and publishes the new index. */
    void publish(int head) {
        put(q.availEntry(availIdx), 2, head);
        availIdx = (availIdx + 1) & 0xFFFF;
        put(q.availIdx(), 2, availIdx);
    }

    int usedIdx() {
        return (int) get(q.usedIdx(), 2);
    }

    long usedId(int i) {
        return get(q.usedEntry(i), 4);
    }

    long usedLen(int i) {
        return get(q.usedEntry(i) + 4, 4);
    }

    int status(int slot) {
        return (int) get(statusAddr(slot), 2);
    }

    int qualifier(int slot) {
        return (int) get(statusAddr(slot) + 2, 2);
    }

    long result(int slot, int bytes) {
        return get(resultAddr(slot), bytes);
    }
}
