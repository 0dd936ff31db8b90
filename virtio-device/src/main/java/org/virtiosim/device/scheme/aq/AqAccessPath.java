package org.virtiosim.device.scheme.aq;

import java.util.ArrayDeque;
import java.util.Arrays;
import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.slot.BooleanColumn;
import org.virtiosim.core.slot.IntColumn;
import org.virtiosim.core.slot.LongColumn;
import org.virtiosim.device.AddressMap;
import org.virtiosim.device.aq.command.AdminCommandHeader;
import org.virtiosim.device.aq.command.AdminCommandStatus;
import org.virtiosim.device.aq.command.AdminGroupType;
import org.virtiosim.device.aq.command.AdminOpcode;
import org.virtiosim.device.aq.command.AdminStatus;
import org.virtiosim.device.aq.command.LegacyReadData;
import org.virtiosim.device.aq.command.LegacyWriteData;
import org.virtiosim.device.aq.command.NotifyInfoResult;
import org.virtiosim.device.host.AccessListener;
import org.virtiosim.device.host.HostRequests;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.pcie.host.HostMemory;
import org.virtiosim.pcie.host.RootComplex;
import org.virtiosim.pcie.sriov.SriovLayout;

/**
 * Host half of the {@code aq} scheme, as Linux's vfio-virtio driver does it
 * (drivers/vfio/pci/virtio/ and drivers/virtio/virtio_pci_admin_legacy_io.c): every legacy
 * access except a queue notify is one synchronous admin command on the PF's admin queue, nothing
 * is cached, and a VF has one command at a time (its guest has one access outstanding); a queue
 * notify is a 16-bit store to the VF notify address LEGACY_NOTIFY_INFO reported.
 *
 * <p>One instance drives one admin queue; {@link AqScheme} spreads VFs over several.
 *
 * <p>Driver modes: {@code POLL_SERIAL} (Linux 6.7-6.10: one command at a time on the PF, the CPU
 * busy-polls the used ring) and {@code IRQ_PARALLEL} (6.11+: up to {@link AqLayout#SLOTS}
 * commands outstanding, completion by MSI-X).
 */
public final class AqAccessPath implements LegacyAccessPath {
    /** How the host driver waits for admin commands. */
    public enum Mode {
        POLL_SERIAL, IRQ_PARALLEL
    }

    private final Kernel kernel;
    private final RootComplex rc;
    private final HostMemory memory;
    private final SriovLayout layout;
    private final HostTiming host;
    private final Mode mode;
    private final AqLayout aq;
    private final boolean[] msix;
    /** Per VF, its notify register's offset in its BAR0, as LEGACY_NOTIFY_INFO reported it. */
    private final long[] notifyOffset;
    private final int[] configOffset;

    private final ArrayDeque<Integer> waiting = new ArrayDeque<>();
    private final boolean[] slotBusy = new boolean[AqLayout.SLOTS];
    private final int[] slotRequest = new int[AqLayout.SLOTS];
    private int inFlight;
    private int availIdx;
    private int lastUsedSeen;
    private final byte[] scratch = new byte[64];
    private final byte[] registers = new byte[8];

    // Requests: one per access.
    private final HostRequests requests = new HostRequests();
    private final LongColumn busyFrom = requests.longColumn();
    private final IntColumn vf = requests.intColumn();
    private final BooleanColumn write = requests.booleanColumn();
    private final IntColumn offset = requests.intColumn();
    private final IntColumn size = requests.intColumn();
    private final LongColumn value = requests.longColumn();

    private final Handler doorbell;
    private final Handler poll;
    private final Handler interrupt;
    private final Handler notifyRetired;
    private boolean pollScheduled;
    private long busyPs;
    private long commands;
    private long failed;

    public AqAccessPath(Kernel kernel, RootComplex rc, SriovLayout layout, HostTiming host, Mode mode, AqLayout aq,
                        int legacyConfigOffsetMsixOff, int legacyConfigOffsetMsixOn) {
        this.kernel = kernel;
        this.aq = aq;
        this.rc = rc;
        this.memory = rc.memory();
        this.layout = layout;
        this.host = host;
        this.mode = mode;
        this.msix = new boolean[layout.numVfs() + 1];
        this.notifyOffset = new long[layout.numVfs() + 1];
        Arrays.fill(notifyOffset, -1); // unknown until LEGACY_NOTIFY_INFO answers
        this.configOffset = new int[] {legacyConfigOffsetMsixOff, legacyConfigOffsetMsixOn};
        this.doorbell = id -> rc.cpuWrite(AddressMap.PF_BAR0 + AddressMap.AQ_DOORBELL + 4L * aq.queue(), 2, aq.queue());
        this.poll = x -> pollUsed();
        this.interrupt = x -> reap();
        this.notifyRetired = id -> finish((int) id, 0, false);
    }

    /** This queue's MSI-X message arrived at the root complex: the handler runs after the interrupt latency. */
    public void interrupted() {
        kernel.scheduleIn(host.interruptPs(), interrupt, 0);
    }

    @Override
    public String name() {
        return "aq";
    }

    /** The hypervisor enabled or disabled MSI-X in the VF's config space: device config moves. */
    public void msixChanged(int function, boolean enabled) {
        msix[function] = enabled;
    }

    @Override
    public void access(int function, boolean isWrite, int off, int bytes, long val, long token, AccessListener done) {
        int id = requests.open(done, token, kernel.now());
        vf.set(id, function);
        write.set(id, isWrite);
        offset.set(id, off);
        size.set(id, bytes);
        value.set(id, val);
        if (isWrite && off == QUEUE_NOTIFY && bytes == 2 && !forceCommand && notifyOffset[function] >= 0) {
            // vfio-virtio: notifies go straight to the VF's notify register, not through the AQ.
            rc.cpuWrite(layout.vfBarAddress(function) + notifyOffset[function], 2, val);
            kernel.scheduleIn(host.storeRetirePs(), notifyRetired, id);
            busyPs += host.storeRetirePs();
            return;
        }
        if (mode == Mode.POLL_SERIAL ? inFlight > 0 : inFlight == AqLayout.SLOTS) {
            waiting.add(id);
        } else {
            submit(id);
        }
    }

    private static final int QUEUE_NOTIFY = 0x10;
    private boolean forceCommand;

    /**
     * A legacy write carried as an admin command even if it is a queue notify: the {@code aq}
     * notification path (a "kick" as LEGACY_COMMON_CFG_WRITE of queue_notify).
     */
    public void accessViaCommand(int function, int off, int bytes, long val, long token, AccessListener done) {
        forceCommand = true;
        try {
            access(function, true, off, bytes, val, token, done);
        } finally {
            forceCommand = false;
        }
    }

    private void submit(int id) {
        int slot = 0;
        while (slotBusy[slot]) {
            slot++;
        }
        slotBusy[slot] = true;
        slotRequest[slot] = id;
        inFlight++;
        busyFrom.set(id, kernel.now());
        buildCommand(id, slot);
        commands++;
        // Building the command costs CPU time; the doorbell store follows it.
        kernel.scheduleIn(host.commandBuildPs(), doorbell, id);
        if (mode == Mode.POLL_SERIAL && !pollScheduled) {
            pollScheduled = true;
            kernel.scheduleIn(host.commandBuildPs() + host.pollIntervalPs(), poll, 0);
        }
    }

    /** Marks a request as LEGACY_NOTIFY_INFO rather than a register access. */
    private static final int NOTIFY_INFO_REQUEST = -1;

    /**
     * Asks the device where VF {@code function} takes notifies (LEGACY_NOTIFY_INFO), as vfio-virtio
     * does when the VF is opened; later notifies go there. {@code done} gets the offset in BAR0.
     */
    public void queryNotifyInfo(int function, long token, AccessListener done) {
        access(function, false, NOTIFY_INFO_REQUEST, AqLayout.RESULT_BYTES, 0, token, done);
    }

    private void buildCommand(int id, int slot) {
        if (offset.get(id) == NOTIFY_INFO_REQUEST) {
            long buf = aq.slotBuffer(slot);
            Arrays.fill(scratch, (byte) 0);
            AdminCommandHeader.encode(scratch, 0, AdminOpcode.LEGACY_NOTIFY_INFO, AdminGroupType.SRIOV, vf.get(id));
            memory.write(buf + AqLayout.HEADER, scratch, 0, AdminCommandHeader.SIZE);
            int d0 = slot * AqLayout.DESCRIPTORS_PER_COMMAND;
            descriptor(d0, buf + AqLayout.HEADER, AdminCommandHeader.SIZE, AqLayout.VIRTQ_DESC_F_NEXT, d0 + 1);
            descriptor(d0 + 1, buf + AqLayout.STATUS, 8, AqLayout.VIRTQ_DESC_F_WRITE | AqLayout.VIRTQ_DESC_F_NEXT, d0 + 2);
            descriptor(d0 + 2, buf + AqLayout.RESULT, AqLayout.RESULT_BYTES, AqLayout.VIRTQ_DESC_F_WRITE, 0);
            publish(d0);
            return;
        }
        int devCfg = configOffset[msix[vf.get(id)] ? 1 : 0];
        boolean deviceConfig = offset.get(id) >= devCfg;
        int opcode = write.get(id)
                ? (deviceConfig ? AdminOpcode.LEGACY_DEV_CFG_WRITE : AdminOpcode.LEGACY_COMMON_CFG_WRITE)
                : (deviceConfig ? AdminOpcode.LEGACY_DEV_CFG_READ : AdminOpcode.LEGACY_COMMON_CFG_READ);
        int off = deviceConfig ? offset.get(id) - devCfg : offset.get(id);
        long buf = aq.slotBuffer(slot);
        Arrays.fill(scratch, (byte) 0);
        AdminCommandHeader.encode(scratch, 0, opcode, AdminGroupType.SRIOV, vf.get(id));
        memory.write(buf + AqLayout.HEADER, scratch, 0, AdminCommandHeader.SIZE);
        Arrays.fill(scratch, (byte) 0);
        int dataBytes;
        if (write.get(id)) {
            for (int i = 0; i < size.get(id); i++) {
                registers[i] = (byte) (value.get(id) >>> (8 * i));
            }
            dataBytes = LegacyWriteData.encode(scratch, 0, off, registers, 0, size.get(id));
        } else {
            dataBytes = LegacyReadData.encode(scratch, 0, off);
        }
        memory.write(buf + AqLayout.DATA, scratch, 0, dataBytes);
        int d0 = slot * AqLayout.DESCRIPTORS_PER_COMMAND;
        descriptor(d0, buf + AqLayout.HEADER, 24, AqLayout.VIRTQ_DESC_F_NEXT, d0 + 1);
        descriptor(d0 + 1, buf + AqLayout.DATA, dataBytes, AqLayout.VIRTQ_DESC_F_NEXT, d0 + 2);
        descriptor(d0 + 2, buf + AqLayout.STATUS, 8, AqLayout.VIRTQ_DESC_F_WRITE | AqLayout.VIRTQ_DESC_F_NEXT, d0 + 3);
        descriptor(d0 + 3, buf + AqLayout.RESULT, write.get(id) ? 0 : size.get(id), AqLayout.VIRTQ_DESC_F_WRITE, 0);
        publish(d0);
    }

    /** Puts the chain starting at descriptor d0 in the available ring and bumps its index. */
    private void publish(int d0) {
        put16(scratch, 0, d0);
        memory.write(aq.availEntry(availIdx), scratch, 0, 2);
        availIdx = (availIdx + 1) & 0xFFFF;
        put16(scratch, 0, availIdx);
        memory.write(aq.availIdx(), scratch, 0, 2);
    }

    private void descriptor(int d, long addr, int len, int flags, int next) {
        put64(scratch, 0, addr);
        put32(scratch, 8, len);
        put16(scratch, 12, flags);
        put16(scratch, 14, next);
        memory.write(aq.descriptor(d), scratch, 0, 16);
    }

    private void pollUsed() {
        pollScheduled = false;
        reap();
        if (inFlight > 0) {
            pollScheduled = true;
            kernel.scheduleIn(host.pollIntervalPs(), poll, 0);
        }
    }

    /** Completes every command the used ring shows done, in order. */
    private void reap() {
        memory.read(aq.usedIdx(), scratch, 0, 2);
        int used = AdminQueueDevice.le16(scratch, 0);
        while (lastUsedSeen != used) {
            memory.read(aq.usedEntry(lastUsedSeen), scratch, 0, 8);
            int headDesc = AdminQueueDevice.le16(scratch, 0);
            int slot = headDesc / AqLayout.DESCRIPTORS_PER_COMMAND;
            lastUsedSeen = (lastUsedSeen + 1) & 0xFFFF;
            int id = slotRequest[slot];
            long buf = aq.slotBuffer(slot);
            memory.read(buf + AqLayout.STATUS, scratch, 0, AdminCommandStatus.SIZE);
            int status = AdminCommandStatus.status(scratch, 0);
            long result = 0;
            if (offset.get(id) == NOTIFY_INFO_REQUEST && status == AdminStatus.OK) {
                memory.read(buf + AqLayout.RESULT, scratch, 0, AqLayout.RESULT_BYTES);
                for (int e = 0; e < NotifyInfoResult.ENTRIES; e++) {
                    if (NotifyInfoResult.flags(scratch, 0, e) == NotifyInfoResult.FLAGS_MEMBER_DEVICE
                            && NotifyInfoResult.bar(scratch, 0, e) == 0) {
                        notifyOffset[vf.get(id)] = NotifyInfoResult.offset(scratch, 0, e);
                        result = notifyOffset[vf.get(id)];
                    }
                }
            } else if (!write.get(id) && status == AdminStatus.OK) {
                memory.read(buf + AqLayout.RESULT, scratch, 0, size.get(id));
                for (int i = size.get(id) - 1; i >= 0; i--) {
                    result = result << 8 | (scratch[i] & 0xFF);
                }
            }
            slotBusy[slot] = false;
            inFlight--;
            if (status != AdminStatus.OK) {
                failed++;
            }
            busyPs += mode == Mode.POLL_SERIAL ? kernel.now() - busyFrom.get(id) : host.commandBuildPs() + host.interruptPs();
            finish(id, status == AdminStatus.OK ? result : 0xFFFF_FFFFL, status != AdminStatus.OK);
        }
        while (!waiting.isEmpty() && (mode == Mode.POLL_SERIAL ? inFlight == 0 : inFlight < AqLayout.SLOTS)) {
            submit(waiting.poll());
        }
    }

    private void finish(int id, long result, boolean fail) {
        requests.close(id, result, fail);
    }

    private static void put16(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
    }

    private static void put32(byte[] b, int o, long v) {
        put16(b, o, (int) v);
        put16(b, o + 2, (int) (v >>> 16));
    }

    private static void put64(byte[] b, int o, long v) {
        put32(b, o, v);
        put32(b, o + 4, v >>> 32);
    }

    @Override
    public long hostBusyPs() {
        return busyPs;
    }

    @Override
    public int extraDeviceStateBytesPerVf() {
        return 0;
    }

    /**
     * Where VF {@code function}'s notifies go in its BAR0 (LEGACY_NOTIFY_INFO's member entry), or
     * -1 if not known, in which case a notify is sent as a legacy write command.
     */
    public long notifyOffset(int function) {
        return notifyOffset[function];
    }

    public long commands() {
        return commands;
    }

    /** Commands that completed with a status other than OK. */
    public long failedCommands() {
        return failed;
    }
}
