package org.virtiosim.device.scheme.aq.command;

/**
 * One of the PF's admin virtqueues: where it lives in host memory, and the byte layout of its split
 * virtqueue (virtio 1.3 §2.7), which the driver model writes and the device's DMA engine reads and
 * writes back:
 *
 * <pre>
 * §2.7.5 struct virtq_desc       0 le64 addr, 8 le32 len, 12 le16 flags, 14 le16 next
 * §2.7.6 struct virtq_avail      0 le16 flags, 2 le16 idx, 4 le16 ring[QUEUE_SIZE]
 * §2.7.8 struct virtq_used       0 le16 flags, 2 le16 idx, 4 struct virtq_used_elem ring[QUEUE_SIZE]
 *        struct virtq_used_elem  0 le32 id (head of the chain), 4 le32 len (bytes written)
 * </pre>
 *
 * <p>Neither VIRTIO_F_EVENT_IDX nor indirect descriptors are in use, so the ring flags stay zero and
 * used_event / avail_event are absent. Each command is a chain of descriptors as Linux's
 * virtio_pci_admin_cmd_exec builds it: header and data (device-readable; LEGACY_NOTIFY_INFO has no
 * data), status and result (device-writable), in one command buffer per in-flight slot. Queue q
 * sits at {@link #BASE} + q × {@link #QUEUE_SPAN}.
 */
public final class AqLayout {
    public static final long BASE = 0x2_0000_0000L;
    public static final long QUEUE_SPAN = 0x10000;
    public static final int QUEUE_SIZE = 64;
    public static final int SLOT_BYTES = 256;
    public static final int DESCRIPTORS_PER_COMMAND = 4;
    public static final int SLOTS = QUEUE_SIZE / DESCRIPTORS_PER_COMMAND;

    /**
     * Offsets within a slot's buffer. The data follows the header and the result the status, so
     * each part of struct virtio_admin_cmd is contiguous there, as in the struct.
     */
    public static final int HEADER = 0;
    public static final int DATA = HEADER + AdminCommandHeader.SIZE;
    public static final int STATUS = 64;
    public static final int RESULT = STATUS + AdminCommandStatus.SIZE;
    /** Largest result a command here gets: LEGACY_NOTIFY_INFO's four 16-byte entries. */
    public static final int RESULT_BYTES = NotifyInfoResult.SIZE;

    // struct virtq_desc
    public static final int DESC_ADDR = 0;
    public static final int DESC_LEN = 8;
    public static final int DESC_FLAGS = 12;
    public static final int DESC_NEXT = 14;
    public static final int DESCRIPTOR_BYTES = 16;
    public static final int VIRTQ_DESC_F_NEXT = 1;
    public static final int VIRTQ_DESC_F_WRITE = 2;

    // struct virtq_avail and struct virtq_used: flags, then idx, then ring[]
    public static final int IDX = 2;
    public static final int IDX_BYTES = 2;
    public static final int RING = 4;
    public static final int AVAIL_ENTRY_BYTES = 2;
    // struct virtq_used_elem
    public static final int USED_ELEM_ID = 0;
    public static final int USED_ELEM_LEN = 4;
    public static final int USED_ELEM_BYTES = 8;

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

    // ---- addresses ----

    /** Address of the available ring's idx field. */
    public long availIdx() {
        return avail + IDX;
    }

    /** Address of the used ring's idx field. */
    public long usedIdx() {
        return used + IDX;
    }

    public long slotBuffer(int slot) {
        return buffers + (long) slot * SLOT_BYTES;
    }

    /** Address of available ring entry {@code index} (a free-running ring index, taken mod the queue size). */
    public long availEntry(int index) {
        return avail + RING + (long) AVAIL_ENTRY_BYTES * (index % QUEUE_SIZE);
    }

    /** Address of used ring element {@code index} (a free-running ring index, taken mod the queue size). */
    public long usedEntry(int index) {
        return used + RING + (long) USED_ELEM_BYTES * (index % QUEUE_SIZE);
    }

    public long descriptor(int id) {
        return descriptors + (long) DESCRIPTOR_BYTES * id;
    }

    // ---- struct virtq_desc ----

    public static void encodeDescriptor(byte[] b, int off, long addr, int len, int flags, int next) {
        Le.put64(b, off + DESC_ADDR, addr);
        Le.put32(b, off + DESC_LEN, len);
        Le.put16(b, off + DESC_FLAGS, flags);
        Le.put16(b, off + DESC_NEXT, next);
    }

    public static long descAddr(byte[] b, int off) {
        return Le.u64(b, off + DESC_ADDR);
    }

    public static int descLen(byte[] b, int off) {
        return (int) Le.u32(b, off + DESC_LEN);
    }

    public static int descFlags(byte[] b, int off) {
        return Le.u16(b, off + DESC_FLAGS);
    }

    public static int descNext(byte[] b, int off) {
        return Le.u16(b, off + DESC_NEXT);
    }

    // ---- the rings ----

    /** The le16 idx of either ring: where the driver (avail) or device (used) puts its next entry. */
    public static void encodeIdx(byte[] b, int off, int idx) {
        Le.put16(b, off, idx);
    }

    public static int idx(byte[] b, int off) {
        return Le.u16(b, off);
    }

    /** One le16 entry of the available ring: "each ring entry refers to the head of a descriptor chain". */
    public static void encodeRingHead(byte[] b, int off, int head) {
        Le.put16(b, off, head);
    }

    public static int ringHead(byte[] b, int off) {
        return Le.u16(b, off);
    }

    /** A used ring element: the chain's head, and the bytes written into its device-writable part. */
    public static void encodeUsedElem(byte[] b, int off, int id, int len) {
        Le.put32(b, off + USED_ELEM_ID, id);
        Le.put32(b, off + USED_ELEM_LEN, len);
    }

    public static int usedId(byte[] b, int off) {
        return (int) Le.u32(b, off + USED_ELEM_ID);
    }

    public static int usedLen(byte[] b, int off) {
        return (int) Le.u32(b, off + USED_ELEM_LEN);
    }
}
