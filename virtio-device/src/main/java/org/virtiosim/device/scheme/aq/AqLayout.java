package org.virtiosim.device.scheme.aq;

/**
 * Where one of the PF's admin virtqueues lives in host memory: a split virtqueue (virtio 1.3 §2.7:
 * descriptor table of 16-byte entries {le64 addr, le32 len, le16 flags, le16 next}, available
 * ring {le16 flags, le16 idx, le16 ring[]}, used ring {le16 flags, le16 idx, {le32 id, le32
 * len} ring[]}) and one command buffer per in-flight slot. Each command is a chain of four
 * descriptors, as Linux's virtio_pci_admin_cmd_exec builds it: header and data (device-readable),
 * status and result (device-writable). Queue q sits at {@link #BASE} + q × {@link #QUEUE_SPAN}.
 */
public final class AqLayout {
    public static final long BASE = 0x2_0000_0000L;
    public static final long QUEUE_SPAN = 0x10000;
    public static final int QUEUE_SIZE = 64;
    public static final int DESCRIPTOR_BYTES = 16;
    public static final int SLOT_BYTES = 256;
    public static final int DESCRIPTORS_PER_COMMAND = 4;
    public static final int SLOTS = QUEUE_SIZE / DESCRIPTORS_PER_COMMAND;

    /** Offsets within a slot's buffer. */
    public static final int HEADER = 0;
    public static final int DATA = 24;
    public static final int STATUS = 64;
    public static final int RESULT = 72;
    /** Largest result a command here gets: LEGACY_NOTIFY_INFO's four 16-byte entries. */
    public static final int RESULT_BYTES = 64;

    public static final int VIRTQ_DESC_F_NEXT = 1;
    public static final int VIRTQ_DESC_F_WRITE = 2;

    private final int queue;
    private final long descriptors;
    private final long avail;
    private final long used;
    private final long buffers;

    public AqLayout(int queue) {
        if (queue < 0 || queue > 255) {
            throw new IllegalArgumentException("admin queue index must be 0..255: " + queue);
        }
        this.queue = queue;
        long base = BASE + queue * QUEUE_SPAN;
        this.descriptors = base;
        this.avail = base + 0x400;
        this.used = base + 0x1000;
        this.buffers = base + 0x2000;
    }

    public int queue() {
        return queue;
    }

    /** Address of the available ring's idx field. */
    public long availIdx() {
        return avail + 2;
    }

    /** Address of the used ring's idx field. */
    public long usedIdx() {
        return used + 2;
    }

    public long slotBuffer(int slot) {
        return buffers + (long) slot * SLOT_BYTES;
    }

    public long availEntry(int index) {
        return avail + 4 + 2L * (index % QUEUE_SIZE);
    }

    public long usedEntry(int index) {
        return used + 4 + 8L * (index % QUEUE_SIZE);
    }

    public long descriptor(int id) {
        return descriptors + (long) DESCRIPTOR_BYTES * id;
    }
}
