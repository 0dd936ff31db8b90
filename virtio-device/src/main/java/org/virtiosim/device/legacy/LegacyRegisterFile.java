package org.virtiosim.device.legacy;

import java.util.Arrays;
import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;

/**
 * The legacy (virtio 0.9.5) register file of one VF: the header of
 * transport-pci.tex "Legacy Interfaces: A Note on PCI Device Layout" followed by the device
 * config. Every legacy-access scheme calls {@link #read} and {@link #write} here, so they all give
 * the same answers; timing belongs to the schemes.
 *
 * <p>Behaviour follows QEMU hw/virtio/virtio-pci.c where the spec is silent:
 * <ul>
 * <li>virtio_ioport_read starts from 0xFFFFFFFF and only named registers replace it, so reading
 *     queue notify returns all ones of the access size;
 * <li>virtio_ioport_write has no case for host features, queue size or ISR, so writing them
 *     does nothing;
 * <li>guest features: virtio_set_features masks the value with the host features (hw/virtio/virtio.c
 *     virtio_set_features_nocheck: {@code val &= vdev->host_features}; the bits the device did not
 *     offer are dropped, and the -1 it returns for them is ignored by the legacy
 *     virtio_ioport_write, so the guest reads back only the offered bits), refuses the write while
 *     FEATURES_OK is set, and a value with VIRTIO_F_BAD_FEATURE is replaced by the device's bad
 *     features first;
 * <li>queue PFN 0 calls virtio_pci_reset, a full device reset, not just a queue teardown; a
 *     non-zero PFN for a queue that does not exist is dropped by virtio_queue_set_addr;
 * <li>queue select and notify values &gt;= VIRTIO_QUEUE_MAX (1024) are ignored, and
 *     virtio_queue_notify does nothing for a queue without a ring;
 * <li>status 0 calls virtio_pci_reset;
 * <li>a vector the MSI-X table does not have reads back as NO_VECTOR (msix_vector_use fails:
 *     "Make it possible for guest to discover an error took place");
 * <li>reset (virtio_pci_reset -> virtio_reset -> the device's reset): features, status, ISR,
 *     queue_sel and every ring address 0, config and queue vectors NO_VECTOR. MSI-X enable lives
 *     in PCI config space and is not touched.
 * </ul>
 * Accesses QEMU ignores are counted as {@link #ignoredAccesses()} so a run can report them.
 *
 * <p>One deliberate difference: QEMU keeps a vector for each of its 1024 queue slots, so a vector
 * written for a queue that does not exist reads back. A VF keeps state only for its own queues;
 * such a write is ignored (counted) and reads return NO_VECTOR. Linux never does either.
 *
 * <p>Reset takes time in the simulator. After a write that requests it, the file is "in reset":
 * reads return the pre-reset values without side effects (status reads the old status, ISR is not
 * cleared) and writes are dropped and counted, until the device model calls
 * {@link #completeReset()}.
 */
public final class LegacyRegisterFile {
    /** VIRTIO_MSI_NO_VECTOR (Linux virtio_pci.h). */
    public static final int NO_VECTOR = 0xFFFF;
    /** QEMU VIRTIO_QUEUE_MAX: the queue select and notify values it accepts. */
    public static final int QUEUE_MAX = 1024;
    /** VIRTIO_PCI_QUEUE_ADDR_SHIFT: the PFN is the ring address >> 12. */
    public static final int QUEUE_ADDR_SHIFT = 12;
    /** ISR bit 0: a queue interrupt. */
    public static final int ISR_QUEUE = 0x1;
    /** ISR bit 1: a config change (QEMU's virtio_notify_config raises both bits, 0x3). */
    public static final int ISR_CONFIG = 0x2;

    /** Queues of the default virtio-net VF: rx0, tx0, control. */
    public static final int NET_QUEUES = 3;
    public static final int NET_QUEUE_SIZE = 256;
    /**
     * MSI-X table size of the default VF: one vector for config and one per queue, what QEMU's
     * virtio-net-pci picks for one queue pair (2 * queues + 2).
     */
    public static final int NET_MSIX_VECTORS = 4;
    /** Largest legacy ring: a power of 2 up to 32768 (virtio spec, Virtqueues: "Queue Size ... maximum 32768"). */
    public static final int MAX_QUEUE_SIZE = 32768;
    /** Largest MSI-X table: Table Size is 11 bits, N - 1 (PCIe Base 6.0, 7.7.2.2 Message Control). */
    public static final int MAX_MSIX_VECTORS = 0x800;

    /** The feature bits 0..31 the device offers (the legacy register is 32 bits). */
    public static final Param<Long> HOST_FEATURES = Param.hex("host_features", VirtioFeatures.VF_NET_HOST_FEATURES, 0, 0xFFFF_FFFFL,
                    "feature bits 0..31 the device offers at host_features (0x00); guest bits it did not offer are dropped",
                    "assumption: MAC, STATUS, CTRL_VQ, CTRL_RX, INDIRECT_DESC, EVENT_IDX: what Linux's legacy virtio_net "
                            + "uses on a VF without offloads (VirtioFeatures)")
            .studyValues(List.of((long) VirtioFeatures.VF_NET_HOST_FEATURES, (long) VirtioFeatures.QEMU_NET_HOST_FEATURES),
                    "the simulator's VF and QEMU 7.2's virtio-net-pci with -netdev user");
    /** Ring size of each queue, by index (rx0, tx0, control for virtio-net). */
    public static final Param<List<Long>> QUEUE_SIZES = Param.wholeList("queue_sizes", "", List.of(256L, 256L, 256L), 1, MAX_QUEUE_SIZE,
                    QUEUE_MAX, v -> Long.bitCount(v) == 1, "a power of 2",
                    "ring size of each queue, by index, as queue_size (0x0c) reads it; the count is the VF's queue count",
                    "assumption: rx0, tx0 and control of 256, the rx/tx size of QEMU's virtio-net (VIRTIO_NET_RX_QUEUE_DEFAULT_SIZE)")
            .studyValues(List.of(List.of(256L, 256L, 256L), List.of(256L, 256L, 64L)),
                    "the simulator's and QEMU's (control queue of 64, virtio_net_device_realize)");
    /** MSI-X table entries; 0: no MSI-X capability, the device config stays at 0x14. */
    public static final Param<Long> MSIX_VECTORS = Param.integer("msix_vectors", "vectors", NET_MSIX_VECTORS, 0, MAX_MSIX_VECTORS,
                    "MSI-X table size of a VF; 0: no MSI-X capability, so the guest cannot enable it and config stays at 0x14",
                    "QEMU virtio_net_pci_realize: 2 * queue pairs + 2 = 4 for one pair (vectors=0 turns MSI-X off)")
            .studyValues(List.of(0L, (long) NET_MSIX_VECTORS), "no MSI-X (INTx and ISR) and QEMU's one-pair table");

    /** The identity parameters read here, in the order {@code list} shows them. */
    public static final List<Param<?>> KNOBS = List.of(HOST_FEATURES, QUEUE_SIZES, MSIX_VECTORS);

    private final int hostFeatures;
    private final int badFeatures;
    private final int[] queueSize;
    private final int[] queuePfn;
    private final int[] queueVector;
    private final int msixTableSize;
    private final DeviceConfig config;

    private int guestFeatures;
    private int queueSelect;
    private int status;
    private int isr;
    private int configVector = NO_VECTOR;
    private boolean msixEnabled;
    private boolean resetInProgress;

    private int effectQueue = -1;
    private long ignoredAccesses;
    private long droppedWrites;
    private long resetsCompleted;

    /**
     * @param hostFeatures   feature bits 0..31 the device offers
     * @param badFeatures    what a guest that sets VIRTIO_F_BAD_FEATURE gets (before masking with
     *                       hostFeatures); QEMU's bad_features hook, 0 for devices without one
     * @param queueSizes     ring size of each queue, by index
     * @param msixTableSize  entries in the MSI-X table; vectors at or above it are refused
     */
    public LegacyRegisterFile(int hostFeatures, int badFeatures, int[] queueSizes, int msixTableSize, DeviceConfig config) {
        if (queueSizes.length == 0 || queueSizes.length > QUEUE_MAX) {
            throw new IllegalArgumentException("queue count must be 1.." + QUEUE_MAX + ", got " + queueSizes.length);
        }
        for (int s : queueSizes) {
            // A legacy ring size must be a power of 2 up to 32768 (virtio spec, Virtqueues); 0 would mean "no queue".
            if (s <= 0 || s > MAX_QUEUE_SIZE || Integer.bitCount(s) != 1) {
                throw new IllegalArgumentException("queue size must be a power of 2 in 1..32768, got " + s);
            }
        }
        if (msixTableSize < 0 || msixTableSize > MAX_MSIX_VECTORS) {
            throw new IllegalArgumentException("MSI-X table size must be 0..2048, got " + msixTableSize);
        }
        this.hostFeatures = hostFeatures;
        this.badFeatures = badFeatures;
        this.queueSize = queueSizes.clone();
        this.queuePfn = new int[queueSizes.length];
        this.queueVector = new int[queueSizes.length];
        Arrays.fill(queueVector, NO_VECTOR);
        this.msixTableSize = msixTableSize;
        this.config = config;
    }

    /** The default VF: virtio-net with MAC {@link VirtioNetConfig#vfMac(int)}, rx0/tx0/control of 256. */
    public static LegacyRegisterFile virtioNet(int vf) {
        return virtioNet(vf, VirtioNetConfig.MAC_APPLY.defaultValue());
    }

    /** As {@link #virtioNet(int)}, the device putting a written MAC into effect as {@code apply} says. */
    public static LegacyRegisterFile virtioNet(int vf, VirtioNetConfig.MacApply apply) {
        return virtioNet(vf, ParamValues.defaults().with(VirtioNetConfig.MAC_APPLY, apply));
    }

    /**
     * VF number vf of a virtio-net device whose identity the run's parameters give: {@link
     * #HOST_FEATURES}, {@link #QUEUE_SIZES}, {@link #MSIX_VECTORS} and the config's ({@link
     * VirtioNetConfig#forVf(int, ParamValues)}). At their defaults, {@link #virtioNet(int)}.
     */
    public static LegacyRegisterFile virtioNet(int vf, ParamValues p) {
        List<Long> sizes = p.get(QUEUE_SIZES);
        int[] q = new int[sizes.size()];
        for (int i = 0; i < q.length; i++) {
            q[i] = (int) (long) sizes.get(i);
        }
        return new LegacyRegisterFile((int) (long) p.get(HOST_FEATURES), VirtioFeatures.NET_BAD_FEATURES, q,
                (int) (long) p.get(MSIX_VECTORS), VirtioNetConfig.forVf(vf, p));
    }

    // ---- validation ----

    /** Null if the access can be made in the current layout, otherwise the reason. */
    public String checkAccess(int offset, int size) {
        return LegacyLayout.checkAccess(offset, size, msixEnabled, config.length());
    }

    /** Null if the write can be made in the current layout (also the 6-byte MAC write), otherwise the reason. */
    public String checkWrite(int offset, int size) {
        return LegacyLayout.checkWrite(offset, size, msixEnabled, config.length());
    }

    private void requireValid(int offset, int size) {
        requireValid(checkAccess(offset, size));
    }

    private static void requireValid(String reason) {
        if (reason != null) {
            throw new IllegalArgumentException(reason);
        }
    }

    // ---- reads ----

    /**
     * Reads size bytes at offset; the value is in the low size bytes (a 4-byte value uses all 32
     * bits of the int). Reading ISR clears it, except during a reset.
     *
     * @throws IllegalArgumentException for an impossible access, with {@link #checkAccess}'s reason
     */
    public int read(int offset, int size) {
        requireValid(offset, size);
        int configStart = LegacyLayout.deviceConfigStart(msixEnabled);
        if (offset >= configStart) {
            return readConfig(offset - configStart, size);
        }
        LegacyRegister r = LegacyRegister.covering(offset, msixEnabled);
        switch (r) {
            case HOST_FEATURES:
                return hostFeatures;
            case GUEST_FEATURES:
                return guestFeatures;
            case QUEUE_PFN:
                return queueSelect < queuePfn.length ? queuePfn[queueSelect] : 0;
            case QUEUE_SIZE:
                // QEMU virtio_queue_get_num: vring.num, 0 for a slot without a queue; the spec's "does not exist".
                return queueSelect < queueSize.length ? queueSize[queueSelect] : 0;
            case QUEUE_SELECT:
                return queueSelect;
            case DEVICE_STATUS:
                return status;
            case ISR_STATUS: {
                int v = isr;
                if (!resetInProgress) {
                    // virtio_ioport_read: qatomic_xchg(&vdev->isr, 0) and deassert INTx.
                    isr = 0;
                }
                return v;
            }
            case CONFIG_VECTOR:
                return configVector;
            case QUEUE_VECTOR:
                return queueSelect < queueVector.length ? queueVector[queueSelect] : NO_VECTOR;
            case QUEUE_NOTIFY:
            default:
                ignoredAccesses++;
                return allOnes(size);
        }
    }

    private int readConfig(int rel, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) {
            v |= config.readByte(rel + i) << (8 * i);
        }
        return v;
    }

    private static int allOnes(int size) {
        return size == 4 ? -1 : (1 << (8 * size)) - 1;
    }

    // ---- writes ----

    /**
     * Writes the low size bytes of value at offset and says what the device must do next. The
     * queue it concerns, if any, is then in {@link #effectQueue()}. Size is 1, 2 or 4, or 6 for
     * the whole MAC ({@link LegacyLayout#checkWrite}).
     *
     * @throws IllegalArgumentException for an impossible access, with {@link #checkWrite}'s reason
     */
    public WriteEffect write(int offset, int size, long value) {
        requireValid(checkWrite(offset, size));
        effectQueue = -1;
        if (resetInProgress) {
            droppedWrites++;
            return WriteEffect.DROPPED_DURING_RESET;
        }
        int configStart = LegacyLayout.deviceConfigStart(msixEnabled);
        if (offset >= configStart) {
            return writeConfig(offset - configStart, size, value);
        }
        int v = size == 4 ? (int) value : (int) value & allOnes(size);
        switch (LegacyRegister.covering(offset, msixEnabled)) {
            case GUEST_FEATURES:
                return writeGuestFeatures(v);
            case QUEUE_PFN:
                return writeQueuePfn(v);
            case QUEUE_SELECT:
                if (v >= QUEUE_MAX) {
                    return ignored();
                }
                queueSelect = v;
                return WriteEffect.NONE;
            case QUEUE_NOTIFY:
                // virtio_queue_notify returns at once for a slot without a ring (vring.desc == 0).
                if (v >= queuePfn.length || queuePfn[v] == 0) {
                    return ignored();
                }
                effectQueue = v;
                return WriteEffect.QUEUE_NOTIFY;
            case DEVICE_STATUS:
                if (v == 0) {
                    beginReset();
                    return WriteEffect.RESET_REQUESTED;
                }
                if ((v & DeviceStatus.DRIVER_OK) != 0 && (status & DeviceStatus.DRIVER_OK) == 0) {
                    config.driverOk();
                }
                status = v;
                return WriteEffect.STATUS_CHANGED;
            case CONFIG_VECTOR:
                configVector = acceptedVector(v);
                return WriteEffect.MSIX_VECTOR_CHANGED;
            case QUEUE_VECTOR:
                if (queueSelect >= queueVector.length) {
                    return ignored();
                }
                queueVector[queueSelect] = acceptedVector(v);
                effectQueue = queueSelect;
                return WriteEffect.MSIX_VECTOR_CHANGED;
            case HOST_FEATURES:
            case QUEUE_SIZE:
            case ISR_STATUS:
            default:
                return ignored();
        }
    }

    private WriteEffect writeGuestFeatures(int v) {
        if ((status & DeviceStatus.FEATURES_OK) != 0) {
            return ignored();
        }
        if ((v & VirtioFeatures.bit(VirtioFeatures.F_BAD_FEATURE)) != 0) {
            // virtio_ioport_write: "Guest does not negotiate properly? We have to assume nothing."
            v = badFeatures;
        }
        guestFeatures = v & hostFeatures;
        return WriteEffect.GUEST_FEATURES_SET;
    }

    private WriteEffect writeQueuePfn(int v) {
        if (v == 0) {
            beginReset();
            return WriteEffect.RESET_REQUESTED;
        }
        if (queueSelect >= queuePfn.length) {
            return ignored();
        }
        queuePfn[queueSelect] = v;
        effectQueue = queueSelect;
        return WriteEffect.QUEUE_ADDRESS_SET;
    }

    private int acceptedVector(int v) {
        return v < msixTableSize ? v : NO_VECTOR;
    }

    private WriteEffect writeConfig(int rel, int size, long v) {
        boolean any = false;
        for (int i = 0; i < size; i++) {
            any |= config.writeByte(rel + i, (int) (v >>> (8 * i)) & 0xFF);
        }
        config.writeDone();
        return any ? WriteEffect.CONFIG_WRITTEN : ignored();
    }

    private WriteEffect ignored() {
        ignoredAccesses++;
        return WriteEffect.IGNORED;
    }

    // ---- device side ----

    /**
     * Enters reset without a register write, e.g. for a Function Level Reset. Idempotent. State is
     * frozen until {@link #completeReset()}.
     */
    public void beginReset() {
        resetInProgress = true;
    }

    /**
     * Ends a reset: clears all state as QEMU's virtio_pci_reset + virtio_reset + the device's reset
     * hook do. MSI-X enable is PCI config space and stays.
     *
     * @throws IllegalStateException if no reset is in progress
     */
    public void completeReset() {
        if (!resetInProgress) {
            throw new IllegalStateException("completeReset() without a reset in progress");
        }
        guestFeatures = 0;
        queueSelect = 0;
        status = 0;
        isr = 0;
        configVector = NO_VECTOR;
        Arrays.fill(queuePfn, 0);
        Arrays.fill(queueVector, NO_VECTOR);
        config.reset();
        resetInProgress = false;
        resetsCompleted++;
    }

    public boolean resetInProgress() {
        return resetInProgress;
    }

    /**
     * Sets ISR bits (ISR_QUEUE, ISR_CONFIG) for the driver to read. Ignored during a reset: the
     * queues are being torn down and completeReset() clears the ISR anyway.
     */
    public void raiseIsr(int bits) {
        if (bits == 0 || (bits & ~(ISR_QUEUE | ISR_CONFIG)) != 0) {
            throw new IllegalArgumentException("ISR bits are 0x1 and 0x2, got 0x" + Integer.toHexString(bits));
        }
        if (!resetInProgress) {
            isr |= bits;
        }
    }

    /**
     * Called by the PCI config-space model when the MSI-X Enable bit changes. Moves the device
     * config between 0x14 and 0x18 and shows or hides the vector registers; the stored vectors are
     * kept, as QEMU keeps vdev->config_vector and the queue vectors across MSI-X toggles.
     */
    public void setMsixEnabled(boolean enabled) {
        msixEnabled = enabled;
    }

    // ---- state for the device model, traces and reports ----

    /** The queue of the last write's effect (QUEUE_NOTIFY, QUEUE_ADDRESS_SET, queue vector), else -1. */
    public int effectQueue() {
        return effectQueue;
    }

    /** Reads of write-only or undefined registers and writes QEMU drops (read-only, out of range). */
    public long ignoredAccesses() {
        return ignoredAccesses;
    }

    /** Writes dropped because a reset was in progress. */
    public long droppedWrites() {
        return droppedWrites;
    }

    public long resetsCompleted() {
        return resetsCompleted;
    }

    public boolean msixEnabled() {
        return msixEnabled;
    }

    public int hostFeatures() {
        return hostFeatures;
    }

    public int guestFeatures() {
        return guestFeatures;
    }

    public int status() {
        return status;
    }

    /** The ISR without clearing it. */
    public int isr() {
        return isr;
    }

    public int queueSelect() {
        return queueSelect;
    }

    public int queueCount() {
        return queueSize.length;
    }

    public int queueSize(int queue) {
        return queueSize[queue];
    }

    public int queuePfn(int queue) {
        return queuePfn[queue];
    }

    /** Ring address of the queue in bytes, 0 if inactive. */
    public long queueAddress(int queue) {
        return (queuePfn[queue] & 0xFFFF_FFFFL) << QUEUE_ADDR_SHIFT;
    }

    public int queueVector(int queue) {
        return queueVector[queue];
    }

    public int configVector() {
        return configVector;
    }

    public int msixTableSize() {
        return msixTableSize;
    }

    public DeviceConfig config() {
        return config;
    }

    /**
     * Bytes of state this register file needs per VF, for the "device state bytes per VF" figure:
     * the header registers that hold a value (host features 4, guest features 4, queue select 2,
     * status 1, ISR 1, config vector 2; queue notify holds nothing), per queue its PFN 4, size 2
     * and vector 2, and the device config. The virtio-net reset MAC is not counted: it is a
     * function of the VF number.
     */
    public int stateBytes() {
        int header = 4 + 4 + 2 + 1 + 1 + 2;
        int perQueue = 4 + 2 + 2;
        return header + perQueue * queueSize.length + config.length();
    }
}
