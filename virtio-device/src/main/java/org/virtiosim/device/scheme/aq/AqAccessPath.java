package org.virtiosim.device.scheme.aq;

import java.util.Arrays;
import java.util.stream.Stream;
import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.core.slot.BooleanColumn;
import org.virtiosim.core.slot.IntColumn;
import org.virtiosim.core.slot.LongColumn;
import org.virtiosim.device.Bar;
import org.virtiosim.device.host.AccessListener;
import org.virtiosim.device.host.HostRequests;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.device.host.NotifyAddresses;
import org.virtiosim.device.isolation.IsolationMonitor;
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
 * <p>Commands are laid out as vp_modern_admin_cmd_exec builds them: the header, the status, the
 * data and the result each in its own kzalloc'd object ({@link AqLayout#header} ...), chained
 * header, data if any, status, result if any: three descriptors for a legacy write, four for a
 * read. With {@link AqDriver#indirect()} the chain sits in an indirect table and the ring holds one
 * descriptor per command, as Linux's virtqueue_add_split does once VIRTIO_RING_F_INDIRECT_DESC is
 * negotiated; otherwise descriptors 4·slot onwards, contiguous, as Linux's free list hands them out
 * while every chain is freed whole.
 *
 * <p>Driver modes: {@code POLL_SERIAL} (Linux 6.7-6.10: one command at a time on the PF under
 * cmd_lock, the caller busy-polls the used ring) and {@code IRQ_PARALLEL} (6.11+: commands from
 * many callers outstanding, each caller sleeping in wait_for_completion; the MSI-X handler
 * vp_modern_avq_done reaps every used entry and completes each command, and the woken callers
 * run one after another on the CPU that took the interrupt, {@link AqDriver#wakeupPs()} each).
 *
 * <p>Before the first command the driver runs virtio_pci_admin_cmd_list_init: LIST_QUERY, then
 * LIST_USE of what the device reported and the driver knows (queue 0 only; the others wait for it).
 * A command answered EAGAIN is sent again after {@link AqDriver#retryPs()}, as the spec's driver
 * "SHOULD retry"; Linux itself returns -EAGAIN to vfio-virtio, which fails the guest's access.
 */
public final class AqAccessPath implements LegacyAccessPath {
    /** How the host driver waits for admin commands. */
    public enum Mode {
        POLL_SERIAL, IRQ_PARALLEL
    }

    private final Kernel kernel;
    private final NotifyAddresses learnt;
    private final IsolationMonitor isolation;
    private final PfDriverFaults faults;
    private final RootComplex rc;
    private final HostMemory memory;
    private final SriovLayout layout;
    private final HostTiming host;
    private final AqDriver driver;
    private final Mode mode;
    private final AqLayout aq;
    private final boolean[] msix;
    /** Per VF, its notify register's offset in the BAR LEGACY_NOTIFY_INFO named (see {@link NotifyInfoChoice}). */
    private final long[] notifyOffset;
    /** Per VF, the CPU physical address of that notify register. */
    private final long[] notifyAddress;
    private final int[] configOffset;
    /** Commands outstanding at most: the ring's descriptors, one per command with indirect tables, four without. */
    private final int slots;

    private final boolean[] slotBusy = new boolean[AqLayout.QUEUE_SIZE];
    private final int[] slotRequest = new int[AqLayout.QUEUE_SIZE];
    private final int[] slotHead = new int[AqLayout.QUEUE_SIZE];
    private int inFlight;
    private int maxInFlight;
    private int availIdx;
    private int lastUsedSeen;
    /** Each slot's command, kept until the device has answered it, as Linux keeps its struct virtio_admin_cmd. */
    private final AdminCommand[] slotCommand = Stream.generate(AdminCommand::new).limit(AqLayout.QUEUE_SIZE)
            .toArray(AdminCommand[]::new);
    /** Encodes and decodes one command's parts: a readable part, a descriptor chain, a writable part. */
    private final byte[] scratch = new byte[AqLayout.SLOT_BYTES];

    // Requests: one per access.
    private final HostRequests requests = new HostRequests();
    private final LongColumn busyFrom = requests.longColumn();
    private final IntColumn vf = requests.intColumn();
    private final BooleanColumn write = requests.booleanColumn();
    private final IntColumn offset = requests.intColumn();
    private final IntColumn size = requests.intColumn();
    private final LongColumn value = requests.longColumn();
    /** The answer a request is woken with, and the links of the waiting and wake-up lists. */
    private final LongColumn answer = requests.longColumn();
    private final BooleanColumn answerFailed = requests.booleanColumn();
    private final BooleanColumn answerRetry = requests.booleanColumn();
    private final IntColumn nextWaiting = requests.intColumn();
    private final IntColumn nextWake = requests.intColumn();
    private int waitHead = -1;
    private int waitTail = -1;
    private int wakeHead = -1;
    private int wakeTail = -1;
    private long cpuFreeAt;

    private final Handler doorbell;
    private final Handler poll;
    private final Handler interrupt;
    private final Handler notifyRetired;
    private final Handler wake;
    private final Handler retry;
    private boolean pollScheduled;
    private long busyPs;
    private long commands;
    private long failed;
    private long retries;
    private long refusedNotifyInfo;

    /** virtio_pci_admin_cmd_list_init: not begun, under way, or done (for queues other than 0: told by {@link #ready()}). */
    private boolean ready;
    private boolean initialising;
    private final boolean initialises;
    private Runnable onReady = () -> { };
    private final AccessListener listInitDone;
    private long supportedCommands;

    public AqAccessPath(Kernel kernel, RootComplex rc, SriovLayout layout, HostTiming host, AqDriver driver, AqLayout aq,
                        boolean initialises, int legacyConfigOffsetMsixOff, int legacyConfigOffsetMsixOn) {
        this(kernel, rc, layout, host, driver, aq, initialises, legacyConfigOffsetMsixOff, legacyConfigOffsetMsixOn,
                new NotifyAddresses(layout.numVfs()), new IsolationMonitor(layout.numVfs()), new PfDriverFaults());
    }

    /**
     * @param learnt where the notify addresses LEGACY_NOTIFY_INFO gave go (the notify routes read them)
     * @param isolation where each command's header is tagged with the VF it was built for
     * @param faults what a lying PF driver does (nothing unless set)
     */
    AqAccessPath(Kernel kernel, RootComplex rc, SriovLayout layout, HostTiming host, AqDriver driver, AqLayout aq,
                 boolean initialises, int legacyConfigOffsetMsixOff, int legacyConfigOffsetMsixOn, NotifyAddresses learnt,
                 IsolationMonitor isolation, PfDriverFaults faults) {
        this.learnt = learnt;
        this.isolation = isolation;
        this.faults = faults;
        this.kernel = kernel;
        this.aq = aq;
        this.rc = rc;
        this.memory = rc.memory();
        this.layout = layout;
        this.host = host;
        this.driver = driver;
        this.mode = driver.mode();
        this.slots = driver.indirect() ? AqLayout.QUEUE_SIZE : AqLayout.SLOTS;
        this.initialises = initialises;
        this.msix = new boolean[layout.numVfs() + 1];
        this.notifyOffset = new long[layout.numVfs() + 1];
        Arrays.fill(notifyOffset, -1); // unknown until LEGACY_NOTIFY_INFO answers
        this.notifyAddress = new long[layout.numVfs() + 1];
        this.configOffset = new int[] {legacyConfigOffsetMsixOff, legacyConfigOffsetMsixOn};
        this.doorbell = id -> {
            rc.actFor(IsolationMonitor.NONE); // the PF's own doorbell: the command names the VF
            rc.cpuWrite(Bar.PF_BAR0.base() + AdminQueues.DOORBELLS + 4L * aq.queue(), 2, aq.queue());
        };
        this.poll = x -> pollUsed();
        this.interrupt = x -> reap();
        this.notifyRetired = id -> finish((int) id, 0, false);
        this.wake = x -> wakeOne();
        this.retry = id -> enqueue((int) id, true);
        this.listInitDone = (token, v, fail) -> listInitStep(token, v, fail);
    }

    /** A queue other than 0 waits for queue 0's list init; {@code r} runs when this one's is done. */
    void onReady(Runnable r) {
        this.onReady = r;
    }

    /** Queue 0 has set the command list: commands may go. */
    void ready() {
        ready = true;
        drainWaiting();
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
            rc.actFor(function);
            rc.cpuWrite(notifyAddress[function], 2, val);
            kernel.scheduleIn(host.storeRetirePs(), notifyRetired, id);
            busyPs += host.storeRetirePs();
            return;
        }
        startListInit();
        enqueue(id, false);
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

    // ---- virtio_pci_admin_cmd_list_init ----

    /** Marks requests that are not register accesses: LEGACY_NOTIFY_INFO and the two list commands. */
    private static final int NOTIFY_INFO_REQUEST = -1;
    private static final int LIST_QUERY_REQUEST = -2;
    private static final int LIST_USE_REQUEST = -3;

    /** Queue 0 begins virtio_pci_admin_cmd_list_init before its first command; the others wait for it. */
    void startListInit() {
        if (!ready && initialises && !initialising) {
            initialising = true;
            listCommand(requests.open(listInitDone, LIST_QUERY_REQUEST, kernel.now()), LIST_QUERY_REQUEST, 0);
        }
    }

    private void listCommand(int id, int marker, long val) {
        vf.set(id, 0);
        write.set(id, false);
        offset.set(id, marker);
        size.set(id, 0);
        value.set(id, val);
        // The list commands go first: nothing else may be sent before LIST_USE has been.
        if (mode == Mode.POLL_SERIAL ? inFlight == 0 : inFlight < slots) {
            submit(id);
        } else {
            pushWaiting(id, true);
        }
    }

    private void listInitStep(long token, long val, boolean fail) {
        if (token == LIST_QUERY_REQUEST && !fail) {
            // *data &= VIRTIO_ADMIN_CMD_BITMAP: use what the device offers and the driver knows.
            supportedCommands = val;
            listCommand(requests.open(listInitDone, LIST_USE_REQUEST, kernel.now()), LIST_USE_REQUEST, val & AdminOpcode.KNOWN);
            return;
        }
        initialising = false;
        ready = true;
        onReady.run();
        drainWaiting();
    }

    /** What LIST_QUERY reported (0 before list init has run). */
    public long supportedCommands() {
        return supportedCommands;
    }

    // ---- submitting ----

    private boolean canSubmit() {
        return ready || offset.get(peekWaiting()) <= LIST_QUERY_REQUEST;
    }

    /** Sends request {@code id} now if the driver may, else queues it (at the front for a retry). */
    private void enqueue(int id, boolean front) {
        boolean room = mode == Mode.POLL_SERIAL ? inFlight == 0 : inFlight < slots;
        if (ready && room && (front || waitHead < 0)) {
            submit(id);
        } else {
            pushWaiting(id, front);
        }
    }

    private void pushWaiting(int id, boolean front) {
        if (waitHead < 0) {
            waitHead = id;
            waitTail = id;
            nextWaiting.set(id, -1);
        } else if (front) {
            nextWaiting.set(id, waitHead);
            waitHead = id;
        } else {
            nextWaiting.set(waitTail, id);
            nextWaiting.set(id, -1);
            waitTail = id;
        }
    }

    private int peekWaiting() {
        return waitHead;
    }

    private int popWaiting() {
        int id = waitHead;
        waitHead = nextWaiting.get(id);
        if (waitHead < 0) {
            waitTail = -1;
        }
        return id;
    }

    private void drainWaiting() {
        while (waitHead >= 0 && canSubmit() && (mode == Mode.POLL_SERIAL ? inFlight == 0 : inFlight < slots)) {
            submit(popWaiting());
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
        maxInFlight = Math.max(maxInFlight, inFlight);
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

    /**
     * Asks the device where VF {@code function} takes notifies (LEGACY_NOTIFY_INFO), as vfio-virtio
     * does when the VF is opened; later notifies go there. {@code done} gets the offset in the BAR the chosen entry names ({@link NotifyInfoChoice}); the open fails, counted, if no entry is valid.
     */
    public void queryNotifyInfo(int function, long token, AccessListener done) {
        access(function, false, NOTIFY_INFO_REQUEST, AqLayout.RESULT_BYTES, 0, token, done);
    }

    /** Where VF {@code function} takes notifies, learned some other way than LEGACY_NOTIFY_INFO ({@link VfCapNotifyInfo}). */
    void learnNotify(int function, long off, long address) {
        notifyOffset[function] = off;
        notifyAddress[function] = address;
        learnt.learnMember(function, address);
    }

    /** Encodes request {@code id} as an admin command in {@code slot}'s buffers, chains it and makes it available. */
    private void buildCommand(int id, int slot) {
        AdminCommand c = slotCommand[slot];
        int marker = offset.get(id);
        if (marker == NOTIFY_INFO_REQUEST) {
            c.notifyInfo(vf.get(id));
            faults.build(c, vf.get(id));
        } else if (marker == LIST_QUERY_REQUEST) {
            c.listQuery();
        } else if (marker == LIST_USE_REQUEST) {
            c.listUse(value.get(id));
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
            faults.build(c, vf.get(id));
        }
        // The isolation check's tag: the VF this command was built for (0 for the list commands).
        isolation.tag(aq.header(slot), vf.get(id));
        // Header and data are encoded together, then stored into their separate allocations.
        int readable = c.encodeReadable(scratch, 0);
        memory.write(aq.header(slot), scratch, 0, AdminCommandHeader.SIZE);
        int data = readable - AdminCommandHeader.SIZE;
        if (data > 0) {
            memory.write(aq.data(slot), scratch, AdminCommandHeader.SIZE, data);
        }
        int result = c.writableSize() - AdminCommandStatus.SIZE;
        // vp_modern_admin_cmd_exec: hdr, data_sg if any (out); status, result_sg if any (in).
        int count = 2 + (data > 0 ? 1 : 0) + (result > 0 ? 1 : 0);
        boolean indirect = driver.indirect();
        int first = indirect ? 0 : slot * AqLayout.DESCRIPTORS_PER_COMMAND;
        int i = 0;
        descriptor(i++, count, first, aq.header(slot), AdminCommandHeader.SIZE, 0);
        if (data > 0) {
            descriptor(i++, count, first, aq.data(slot), data, 0);
        }
        descriptor(i++, count, first, aq.status(slot), AdminCommandStatus.SIZE, AqLayout.VIRTQ_DESC_F_WRITE);
        if (result > 0) {
            descriptor(i, count, first, aq.result(slot), result, AqLayout.VIRTQ_DESC_F_WRITE);
        }
        int chainBytes = count * AqLayout.DESCRIPTOR_BYTES;
        if (indirect) {
            // alloc_indirect_split: the table's descriptors chain by index in it (next = i + 1).
            memory.write(aq.indirectTable(slot), scratch, 0, chainBytes);
            AqLayout.encodeDescriptor(scratch, 0, aq.indirectTable(slot), chainBytes, AqLayout.VIRTQ_DESC_F_INDIRECT, 0);
            memory.write(aq.descriptor(slot), scratch, 0, AqLayout.DESCRIPTOR_BYTES);
            slotHead[slot] = slot;
        } else {
            memory.write(aq.descriptor(first), scratch, 0, chainBytes);
            slotHead[slot] = first;
        }
        publish(slotHead[slot]);
    }

    /** Encodes descriptor {@code i} of the {@code count} chained from index {@code first}: each but the last has a next. */
    private void descriptor(int i, int count, int first, long addr, int len, int flags) {
        boolean last = i == count - 1;
        int next = last ? 0 : first + i + 1;
        AqLayout.encodeDescriptor(scratch, i * AqLayout.DESCRIPTOR_BYTES, addr, len,
                last ? flags : flags | AqLayout.VIRTQ_DESC_F_NEXT, next);
    }

    /** Puts the chain starting at descriptor {@code head} in the available ring and bumps its index. */
    private void publish(int head) {
        AqLayout.encodeRingHead(scratch, 0, head);
        memory.write(aq.availEntry(availIdx), scratch, 0, AqLayout.AVAIL_ENTRY_BYTES);
        availIdx = (availIdx + 1) & 0xFFFF;
        AqLayout.encodeIdx(scratch, 0, availIdx);
        memory.write(aq.availIdx(), scratch, 0, AqLayout.IDX_BYTES);
    }

    // ---- completing ----

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

    private int slotOf(int headDesc) {
        return driver.indirect() ? headDesc : headDesc / AqLayout.DESCRIPTORS_PER_COMMAND;
    }

    /** Completes every command the used ring shows done, in the order the device used them. */
    private void reap() {
        memory.read(aq.usedIdx(), scratch, 0, AqLayout.IDX_BYTES);
        int used = AqLayout.idx(scratch, 0);
        while (lastUsedSeen != used) {
            memory.read(aq.usedEntry(lastUsedSeen), scratch, 0, AqLayout.USED_ELEM_BYTES);
            int slot = slotOf(AqLayout.usedId(scratch, 0));
            int usedLen = AqLayout.usedLen(scratch, 0);
            lastUsedSeen = (lastUsedSeen + 1) & 0xFFFF;
            int id = slotRequest[slot];
            AdminCommand c = slotCommand[slot];
            // Status and result are separate allocations: two loads, decoded as one writable part.
            memory.read(aq.status(slot), scratch, 0, AdminCommandStatus.SIZE);
            int result = c.writableSize() - AdminCommandStatus.SIZE;
            if (result > 0) {
                memory.read(aq.result(slot), scratch, AdminCommandStatus.SIZE, result);
            }
            int status = c.decodeWritable(scratch, 0, usedLen).status();
            if (c.opcode() == AdminOpcode.LEGACY_NOTIFY_INFO) {
                faults.handOn(c, vf.get(id));
            }
            slotBusy[slot] = false;
            inFlight--;
            boolean retryIt = status == AdminStatus.EAGAIN;
            long answerValue = 0;
            if (retryIt) {
                retries++;
            } else if (status != AdminStatus.OK) {
                failed++;
                answerValue = 0xFFFF_FFFFL;
            } else if (c.opcode() == AdminOpcode.LEGACY_NOTIFY_INFO
                    && NotifyInfoChoice.first(c, NotifyInfoResult.FLAGS_MEMBER_DEVICE) == NotifyInfoChoice.NONE) {
                // OK, but no entry the driver-normative checks accept: the VF open fails.
                refusedNotifyInfo++;
                learnt.refuse(vf.get(id));
                status = AdminStatus.EINVAL;
                answerValue = 0xFFFF_FFFFL;
            } else {
                answerValue = resultOf(c, id);
            }
            if (mode == Mode.POLL_SERIAL) {
                // The caller itself polled: it sees its answer at once, and was busy all along.
                busyPs += kernel.now() - busyFrom.get(id);
                done(id, answerValue, status != AdminStatus.OK && !retryIt, retryIt);
            } else {
                busyPs += host.commandBuildPs() + host.interruptPs();
                answer.set(id, answerValue);
                answerFailed.set(id, status != AdminStatus.OK && !retryIt);
                answerRetry.set(id, retryIt);
                pushWake(id);
            }
        }
        drainWaiting();
    }

    private long resultOf(AdminCommand c, int id) {
        if (c.opcode() == AdminOpcode.LIST_QUERY) {
            return c.commandList();
        }
        if (c.opcode() == AdminOpcode.LEGACY_NOTIFY_INFO) {
            // The member's own notify address, as vfio-virtio asks for: the first valid entry
            // (the caller has checked one exists, see refusesNotifyInfo).
            int e = NotifyInfoChoice.first(c, NotifyInfoResult.FLAGS_MEMBER_DEVICE);
            notifyOffset[vf.get(id)] = c.notifyOffset(e);
            notifyAddress[vf.get(id)] = NotifyInfoChoice.address(c, e, layout, vf.get(id));
            learnt.learnMember(vf.get(id), notifyAddress[vf.get(id)]);
            // The owner's slot too, if the answer holds a valid one: where the pf-bar route sends.
            int owner = NotifyInfoChoice.first(c, NotifyInfoResult.FLAGS_OWNER_DEVICE);
            if (owner != NotifyInfoChoice.NONE) {
                learnt.learnOwner(vf.get(id), NotifyInfoChoice.address(c, owner, layout, vf.get(id)));
            } else {
                learnt.refuseOwner(vf.get(id));
            }
            return notifyOffset[vf.get(id)];
        }
        return AdminOpcode.isLegacyRead(c.opcode()) ? c.dataValue() : 0;
    }

    /** A caller that has its answer: a retry goes back to the queue after the pause, the rest finish. */
    private void done(int id, long result, boolean fail, boolean retryIt) {
        if (retryIt) {
            kernel.scheduleIn(driver.retryPs(), retry, id);
        } else {
            finish(id, result, fail);
        }
    }

    /** Queues caller {@code id} to be woken after the ones before it, on the interrupted CPU. */
    private void pushWake(int id) {
        nextWake.set(id, -1);
        if (wakeHead < 0) {
            wakeHead = id;
            wakeTail = id;
            long at = Math.max(kernel.now(), cpuFreeAt) + driver.wakeupPs();
            cpuFreeAt = at;
            kernel.scheduleIn(at - kernel.now(), wake, 0);
        } else {
            nextWake.set(wakeTail, id);
            wakeTail = id;
        }
    }

    private void wakeOne() {
        int id = wakeHead;
        wakeHead = nextWake.get(id);
        if (wakeHead < 0) {
            wakeTail = -1;
        } else {
            cpuFreeAt = kernel.now() + driver.wakeupPs();
            kernel.scheduleIn(driver.wakeupPs(), wake, 0);
        }
        busyPs += driver.wakeupPs();
        done(id, answer.get(id), answerFailed.get(id), answerRetry.get(id));
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

    /** LEGACY_NOTIFY_INFO results that completed OK but held no valid member entry: VF opens that failed. */
    public long refusedNotifyInfo() {
        return refusedNotifyInfo;
    }

    public long commands() {
        return commands;
    }

    /** Commands that completed with a status other than OK (retried EAGAIN answers not counted). */
    public long failedCommands() {
        return failed;
    }

    /** Commands answered EAGAIN and sent again. */
    public long retries() {
        return retries;
    }

    /** The most commands this driver has had outstanding at once. */
    public int maxCommandsInFlight() {
        return maxInFlight;
    }
}
