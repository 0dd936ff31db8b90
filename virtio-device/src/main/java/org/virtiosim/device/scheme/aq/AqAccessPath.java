package org.virtiosim.device.scheme.aq;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.stream.Stream;
import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.device.Bar;
import org.virtiosim.core.slot.BooleanColumn;
import org.virtiosim.core.slot.IntColumn;
import org.virtiosim.core.slot.LongColumn;
import org.virtiosim.device.host.AccessListener;
import org.virtiosim.device.host.HostRequests;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.device.scheme.aq.command.AdminCommand;
import org.virtiosim.device.scheme.aq.command.AdminCommandHeader;
import org.virtiosim.device.scheme.aq.command.AdminCommandStatus;
import org.virtiosim.device.scheme.aq.command.AdminOpcode;
import org.virtiosim.device.scheme.aq.command.AdminStatus;
import org.virtiosim.device.scheme.aq.command.AqLayout;
import org.virtiosim.device.scheme.aq.command.NotifyInfoResult;
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
    /** Per VF, its notify register's offset in the BAR LEGACY_NOTIFY_INFO named (see {@link NotifyInfoChoice}). */
    private final long[] notifyOffset;
    /** Per VF, the CPU physical address of that notify register. */
    private final long[] notifyAddress;
    private final int[] configOffset;

    private final ArrayDeque<Integer> waiting = new ArrayDeque<>();
    private final boolean[] slotBusy = new boolean[AqLayout.SLOTS];
    private final int[] slotRequest = new int[AqLayout.SLOTS];
    private int inFlight;
    private int availIdx;
    private int lastUsedSeen;
    /** Each slot's command, kept until the device has answered it, as Linux keeps its struct virtio_admin_cmd. */
    private final AdminCommand[] slotCommand = Stream.generate(AdminCommand::new).limit(AqLayout.SLOTS)
            .toArray(AdminCommand[]::new);
    /** Encodes and decodes one slot buffer's worth: a readable part, a descriptor chain, a writable part. */
    private final byte[] scratch = new byte[AqLayout.SLOT_BYTES];

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
    private long refusedNotifyInfo;

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
        this.notifyAddress = new long[layout.numVfs() + 1];
        this.configOffset = new int[] {legacyConfigOffsetMsixOff, legacyConfigOffsetMsixOn};
        this.doorbell = id -> rc.cpuWrite(Bar.PF_BAR0.base() + AdminQueues.DOORBELLS + 4L * aq.queue(), 2, aq.queue());
        this.poll = x -> pollUsed();
        this.interrupt = x -> reap();
        this.notifyRetired = id -> finish((int) id, 0, false);
    }

    /** This queue's MSI-X message arrived at the root complex: the handler runs after the interrupt latency. */
    public void interrupted() {
        kernel.scheduleIn(host.interruptPs(), interrupt, 0);
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
            rc.cpuWrite(notifyAddress[function], 2, val);
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
     * does when the VF is opened; later notifies go there. {@code done} gets the offset in the BAR
     * the chosen entry names. The open fails (counted in {@link #refusedNotifyInfo()}) if no entry
     * is valid ({@link NotifyInfoChoice}); the VF's notifies are then sent as admin commands.
     */
    public void queryNotifyInfo(int function, long token, AccessListener done) {
        access(function, false, NOTIFY_INFO_REQUEST, AqLayout.RESULT_BYTES, 0, token, done);
    }

    /** Encodes request {@code id} as an admin command in {@code slot}'s buffer, chains it and makes it available. */
    private void buildCommand(int id, int slot) {
        AdminCommand c = slotCommand[slot];
        if (offset.get(id) == NOTIFY_INFO_REQUEST) {
            c.notifyInfo(vf.get(id));
        } else {
            int devCfg = configOffset[msix[vf.get(id)] ? 1 : 0];
            boolean deviceConfig = offset.get(id) >= devCfg;
            int off = deviceConfig ? offset.get(id) - devCfg : offset.get(id);
            if (write.get(id)) {
                c.legacyWrite(deviceConfig ? AdminOpcode.LEGACY_DEV_CFG_WRITE : AdminOpcode.LEGACY_COMMON_CFG_WRITE,
                        vf.get(id), off, value.get(id), size.get(id));
            } else {
                c.legacyRead(deviceConfig ? AdminOpcode.LEGACY_DEV_CFG_READ : AdminOpcode.LEGACY_COMMON_CFG_READ,
                        vf.get(id), off, size.get(id));
            }
        }
        long buf = aq.slotBuffer(slot);
        // The data follows the header in the slot, so the device-readable part is one store.
        int readable = c.encodeReadable(scratch, 0);
        memory.write(buf + AqLayout.HEADER, scratch, 0, readable);
        int data = readable - AdminCommandHeader.SIZE;
        // No data descriptor without command_specific_data (LEGACY_NOTIFY_INFO); the result
        // descriptor is always there, empty for the writes.
        int count = data > 0 ? AqLayout.DESCRIPTORS_PER_COMMAND : AqLayout.DESCRIPTORS_PER_COMMAND - 1;
        int i = 0;
        descriptor(i++, count, slot, buf + AqLayout.HEADER, AdminCommandHeader.SIZE, 0);
        if (data > 0) {
            descriptor(i++, count, slot, buf + AqLayout.DATA, data, 0);
        }
        descriptor(i++, count, slot, buf + AqLayout.STATUS, AdminCommandStatus.SIZE, AqLayout.VIRTQ_DESC_F_WRITE);
        descriptor(i, count, slot, buf + AqLayout.RESULT, c.writableSize() - AdminCommandStatus.SIZE,
                AqLayout.VIRTQ_DESC_F_WRITE);
        int d0 = slot * AqLayout.DESCRIPTORS_PER_COMMAND;
        memory.write(aq.descriptor(d0), scratch, 0, count * AqLayout.DESCRIPTOR_BYTES);
        publish(d0);
    }

    /** Encodes descriptor {@code i} of the {@code count} chained from {@code slot}'s first: each but the last has a next. */
    private void descriptor(int i, int count, int slot, long addr, int len, int flags) {
        boolean last = i == count - 1;
        int next = last ? 0 : slot * AqLayout.DESCRIPTORS_PER_COMMAND + i + 1;
        AqLayout.encodeDescriptor(scratch, i * AqLayout.DESCRIPTOR_BYTES, addr, len,
                last ? flags : flags | AqLayout.VIRTQ_DESC_F_NEXT, next);
    }

    /** Puts the chain starting at descriptor d0 in the available ring and bumps its index. */
    private void publish(int d0) {
        AqLayout.encodeRingHead(scratch, 0, d0);
        memory.write(aq.availEntry(availIdx), scratch, 0, AqLayout.AVAIL_ENTRY_BYTES);
        availIdx = (availIdx + 1) & 0xFFFF;
        AqLayout.encodeIdx(scratch, 0, availIdx);
        memory.write(aq.availIdx(), scratch, 0, AqLayout.IDX_BYTES);
    }

    private void pollUsed() {
        pollScheduled = false;
        reap();
        // One poll loop: reap() may have submitted the next waiting command, which scheduled the
        // loop's next turn already (after building it); a second chain would poll twice as often.
        if (inFlight > 0 && !pollScheduled) {
            pollScheduled = true;
            kernel.scheduleIn(host.pollIntervalPs(), poll, 0);
        }
    }

    /** Completes every command the used ring shows done, in order. */
    private void reap() {
        memory.read(aq.usedIdx(), scratch, 0, AqLayout.IDX_BYTES);
        int used = AqLayout.idx(scratch, 0);
        while (lastUsedSeen != used) {
            memory.read(aq.usedEntry(lastUsedSeen), scratch, 0, AqLayout.USED_ELEM_BYTES);
            int headDesc = AqLayout.usedId(scratch, 0);
            int usedLen = AqLayout.usedLen(scratch, 0);
            int slot = headDesc / AqLayout.DESCRIPTORS_PER_COMMAND;
            lastUsedSeen = (lastUsedSeen + 1) & 0xFFFF;
            int id = slotRequest[slot];
            AdminCommand c = slotCommand[slot];
            // Status and result are adjacent in the slot: one load covers the device-writable part.
            memory.read(aq.slotBuffer(slot) + AqLayout.STATUS, scratch, 0, c.writableSize());
            int status = c.decodeWritable(scratch, 0, usedLen).status();
            long result = 0;
            boolean refused = false;
            if (status == AdminStatus.OK && c.opcode() == AdminOpcode.LEGACY_NOTIFY_INFO) {
                // The member's own notify address, as vfio-virtio asks for: the first valid entry.
                int e = NotifyInfoChoice.first(c, NotifyInfoResult.FLAGS_MEMBER_DEVICE);
                if (e == NotifyInfoChoice.NONE) {
                    refused = true;
                    refusedNotifyInfo++;
                } else {
                    notifyOffset[vf.get(id)] = c.notifyOffset(e);
                    notifyAddress[vf.get(id)] = NotifyInfoChoice.address(c, e, layout, vf.get(id));
                    result = notifyOffset[vf.get(id)];
                }
            } else if (status == AdminStatus.OK && AdminOpcode.isLegacyRead(c.opcode())) {
                result = c.dataValue();
            }
            slotBusy[slot] = false;
            inFlight--;
            if (status != AdminStatus.OK) {
                failed++;
            }
            busyPs += mode == Mode.POLL_SERIAL ? kernel.now() - busyFrom.get(id) : host.commandBuildPs() + host.interruptPs();
            boolean fail = status != AdminStatus.OK || refused;
            finish(id, fail ? 0xFFFF_FFFFL : result, fail);
        }
        while (!waiting.isEmpty() && (mode == Mode.POLL_SERIAL ? inFlight == 0 : inFlight < AqLayout.SLOTS)) {
            submit(waiting.poll());
        }
    }

    private void finish(int id, long result, boolean fail) {
        requests.close(id, result, fail);
    }

    @Override
    public long hostBusyPs() {
        return busyPs;
    }

    /**
     * Where VF {@code function}'s notifies go in the BAR LEGACY_NOTIFY_INFO's member entry named, or
     * -1 if not known, in which case a notify is sent as a legacy write command.
     */
    public long notifyOffset(int function) {
        return notifyOffset[function];
    }

    public long commands() {
        return commands;
    }

    /** LEGACY_NOTIFY_INFO results that completed OK but held no valid member entry: VF opens that failed. */
    public long refusedNotifyInfo() {
        return refusedNotifyInfo;
    }

    /** Commands that completed with a status other than OK. */
    public long failedCommands() {
        return failed;
    }
}
