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
 * <p>VIRTIO_F_EVENT_IDX is not in use, so the ring flags stay zero and used_event / avail_event are
 * absent. Each command is the scatter list Linux's vp_modern_admin_cmd_exec builds: header, then
 * data if the command has any (device-readable), status, then result if the command has one
 * (device-writable): three entries for a legacy write, four for a legacy read. Linux kzallocs the
 * header (struct virtio_admin_cmd_hdr, 24 B), the status (8 B) and each command's data or result
 * separately, so they lie in different slab objects, never side by side; {@link #header},
 * {@link #data}, {@link #status} and {@link #result} place them so, one area per kmalloc cache.
 * With VIRTIO_RING_F_INDIRECT_DESC negotiated Linux puts every admin command (two or more entries)
 * in an indirect table it kmallocs per command (virtqueue_add_split: virtqueue_use_indirect),
 * referenced by one ring descriptor with VIRTQ_DESC_F_INDIRECT; {@link #indirectTable} is where.
 * Queue q sits at {@link #BASE} + q × {@link #QUEUE_SPAN}.
 */
public final class AqLayout {
    public static final long BASE = 0x2_0000_0000L;
    public static final long QUEUE_SPAN = 0x10000;
    public static final int QUEUE_SIZE = 64;
    public static final int SLOT_BYTES = 256;
    public static final int DESCRIPTORS_PER_COMMAND = 4;
    public static final int SLOTS = QUEUE_SIZE / DESCRIPTORS_PER_COMMAND;

    /** Largest result a command here gets: LEGACY_NOTIFY_INFO's four 16-byte entries. */
    public static final int RESULT_BYTES = NotifyInfoResult.SIZE;
    /** Linux's admin commands have at most four scatter-list entries (VIRTIO_AVQ_SGS_MAX). */
    public static final int MAX_SG = 4;
    /** The slab object each separately allocated part sits in: kmalloc-32 for the 24-byte header, and so on. */
    public static final int HEADER_OBJECT = 32;
    public static final int DATA_OBJECT = 32;
    public static final int STATUS_OBJECT = 8;
    public static final int RESULT_OBJECT = RESULT_BYTES;
    public static final int INDIRECT_OBJECT = MAX_SG * 16;

    // struct virtq_desc
    public static final int DESC_ADDR = 0;
    public static final int DESC_LEN = 8;
    public static final int DESC_FLAGS = 12;
    public static final int DESC_NEXT = 14;
    public static final int DESCRIPTOR_BYTES = 16;
    public static final int VIRTQ_DESC_F_NEXT = 1;
    public static final int VIRTQ_DESC_F_WRITE = 2;
    /** §2.7.5.3: the buffer holds an indirect descriptor table. */
    public static final int VIRTQ_DESC_F_INDIRECT = 4;

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
        this.heap = base + 0x4000;
    }

    // One page-aligned area per kmalloc cache, each holding SLOTS objects.
    private static final int HEADERS = 0x0000;
    private static final int DATAS = 0x1000;
    private static final int STATUSES = 0x2000;
    private static final int RESULTS = 0x3000;
    private static final int INDIRECTS = 0x4000;
    private final long heap;

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

    /** A scratch buffer per in-flight slot, for a driver that lays a command out its own way (the tests' drivers). */
    public long slotBuffer(int slot) {
        return buffers + (long) slot * SLOT_BYTES;
    }

    /** Slot {@code slot}'s struct virtio_admin_cmd_hdr, in its own kmalloc object. */
    public long header(int slot) {
        return heap + HEADERS + (long) slot * HEADER_OBJECT;
    }

    /** Slot {@code slot}'s command_specific_data, in another cache's object: never right after the header. */
    public long data(int slot) {
        return heap + DATAS + (long) slot * DATA_OBJECT;
    }

    /** Slot {@code slot}'s struct virtio_admin_cmd_status. */
    public long status(int slot) {
        return heap + STATUSES + (long) slot * STATUS_OBJECT;
    }

    /** Slot {@code slot}'s command_specific_result. */
    public long result(int slot) {
        return heap + RESULTS + (long) slot * RESULT_OBJECT;
    }

    /** Slot {@code slot}'s indirect descriptor table (up to {@link #MAX_SG} descriptors). */
    public long indirectTable(int slot) {
        return heap + INDIRECTS + (long) slot * INDIRECT_OBJECT;
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
