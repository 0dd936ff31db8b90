package org.virtiosim.device.scheme.aq;

/**
 * Where the PF's admin virtqueue lives in host memory: a split virtqueue (virtio 1.3 §2.7:
 * descriptor table of 16-byte entries {le64 addr, le32 len, le16 flags, le16 next}, available
 * ring {le16 flags, le16 idx, le16 ring[]}, used ring {le16 flags, le16 idx, {le32 id, le32
 * len} ring[]}) and one command buffer per in-flight slot. Each command is a chain of four
 * descriptors, as Linux's virtio_pci_admin_cmd_exec builds it: header and data (device-readable),
 * status and result (device-writable).
 */
public final class AqLayout {
    public static final long BASE = 0x2_0000_0000L;
    public static final int QUEUE_SIZE = 64;
    public static final int DESCRIPTOR_BYTES = 16;
    public static final long DESCRIPTORS = BASE;
    public static final long AVAIL = BASE + 0x400;
    public static final long USED = BASE + 0x1000;
    public static final long BUFFERS = BASE + 0x2000;
    public static final int SLOT_BYTES = 128;
    public static final int DESCRIPTORS_PER_COMMAND = 4;
    public static final int SLOTS = QUEUE_SIZE / DESCRIPTORS_PER_COMMAND;

    /** Offsets within a slot's buffer. */
    public static final int HEADER = 0;
    public static final int DATA = 24;
    public static final int STATUS = 64;
    public static final int RESULT = 72;

    public static final int VIRTQ_DESC_F_NEXT = 1;
    public static final int VIRTQ_DESC_F_WRITE = 2;

    private AqLayout() {
    }

    public static long slotBuffer(int slot) {
        return BUFFERS + (long) slot * SLOT_BYTES;
    }

    public static long availEntry(int index) {
        return AVAIL + 4 + 2L * (index % QUEUE_SIZE);
    }

    public static long usedEntry(int index) {
        return USED + 4 + 8L * (index % QUEUE_SIZE);
    }

    public static long descriptor(int id) {
        return DESCRIPTORS + (long) DESCRIPTOR_BYTES * id;
    }
}
