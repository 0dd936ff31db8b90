package org.virtiosim.device.scheme.aq;

import org.virtiosim.core.component.Component;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.kernel.Handler;
import org.virtiosim.device.AddressMap;
import org.virtiosim.device.Backing;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.Region;
import org.virtiosim.device.firmware.FirmwareRequester;
import org.virtiosim.device.legacy.LegacyLayout;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.notify.PfBarRoute;
import org.virtiosim.device.notify.VfBarRoute;
import org.virtiosim.device.scheme.aq.command.AdminCommand;
import org.virtiosim.device.scheme.aq.command.AdminCommandText;
import org.virtiosim.device.scheme.aq.command.AdminCommandStatus;
import org.virtiosim.device.scheme.aq.command.AdminCommandValidator;
import org.virtiosim.device.scheme.aq.command.AdminOpcode;
import org.virtiosim.device.scheme.aq.command.AdminStatus;
import org.virtiosim.device.scheme.aq.command.AqLayout;
import org.virtiosim.device.scheme.aq.command.NotifyInfoResult;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.txn.OutstandingRequests;

/**
 * Device half of the {@code aq} scheme: one of the PF's admin virtqueues and its DMA engine.
 *
 * <p>A command goes through these steps, each with DMA reads of host memory (virtio 1.3 §2.7):
 * the available index and ring entry (the chain's head), the descriptors (following VIRTQ_DESC_F_NEXT,
 * or VIRTQ_DESC_F_INDIRECT into an indirect table, §2.7.5.3), then the device-readable buffers
 * (header and data); the firmware executes it; the engine writes result, status, the used ring
 * entry and the used index with MWrs, and raises MSI-X when the host asked for interrupts.
 *
 * <p>{@link AqEngine.Kind#SERIAL}: one MRd outstanding and one command at a time; after the last
 * command it looks at the available index again. {@link AqEngine.Kind#PIPELINED}: up to
 * {@link AqEngine#commandsInFlight()} command contexts; the available index is read together with
 * the ring entries that follow {@code last_avail} in one MRd (the completer reads it in address
 * order, idx first, so an entry the index covers was written before it was read); each context's
 * reads are in flight together where they do not depend on each other (header and data); commands
 * are handed to the firmware in queue order ("The device MUST process commands on a given
 * administration virtqueue in the order in which they are queued", admin.tex) and complete as they
 * finish, unless the reset policy says otherwise. The pipelined engine relies on the driver's
 * doorbell after each publish (the device never sets VRING_USED_F_NO_NOTIFY).
 *
 * <p>With {@link AqEngine#prefetch()} a chain is read as {@link AqLayout#MAX_SG} descriptors from
 * its head in one MRd (the rest is read if the chain was not contiguous), an indirect table whole
 * (its length is in the descriptor that points to it), and readable buffers that are adjacent in
 * host memory as one; nothing else is merged, since Linux allocates header and data apart.
 *
 * <p>A legacy read while the VF resets follows {@link AqEngine#resetRead()}. The hot path
 * allocates nothing: contexts, per-tag request state and the issue FIFO are arrays made here.
 */
public final class AdminQueueDevice implements Region, FirmwareRequester {
    // engine_state, 3 bits: the step of the oldest command in flight, or of the ring fetch if none.
    /** engine_state 0: nothing to do. */
    public static final int IDLE = 0;
    /** engine_state 1: reading the available index (pipelined: with the ring entries after it). */
    public static final int AVAIL_IDX = 1;
    /** engine_state 2: reading the command's ring entry. */
    public static final int RING_ENTRY = 2;
    /** engine_state 3: reading descriptors (or an indirect table). */
    public static final int DESCRIPTORS = 3;
    /** engine_state 4: reading the device-readable buffers (header, data). */
    public static final int BUFFERS = 4;
    /** engine_state 5: fetched, waiting for or running on a firmware core. */
    public static final int EXECUTING = 5;
    /** engine_state 6: a legacy read waiting for the VF's reset. */
    public static final int HELD = 6;
    /** engine_state 7: done, waiting for an earlier command to complete first (hold-queue). */
    public static final int RETIRING = 7;

    private static final int FREE = 0;
    /** Not traced: a context whose read timed out, waiting for the next doorbell to fetch its command again. */
    private static final int STALLED = 8;

    // Request kinds: what a DMA read's data is for.
    private static final int K_RING = 0;
    private static final int K_ENTRY = 1;
    private static final int K_DESC = 2;
    private static final int K_BUF = 3;

    /** Readable bytes a context keeps: header and the largest data of a command here (LIST_USE, a write's 8 + 8). */
    private static final int COMMAND_BYTES = 64;
    /**
     * Bytes of buffer state one queue's engine holds per command context (descriptors, command,
     * write-back) plus its ring buffer: device_cost's fixed bytes are this times the contexts.
     */
    public static int engineBytes(int contexts) {
        return RING_BYTES + contexts * (AqLayout.MAX_SG * AqLayout.DESCRIPTOR_BYTES + COMMAND_BYTES)
                + AdminCommandStatus.SIZE + AdminCommand.MAX_DATA;
    }
    /** Descriptors a context keeps; a longer chain is truncated there (Linux sends at most four). */
    private static final int MAX_DESC = AqLayout.MAX_SG;
    private static final int RING_BYTES = AqLayout.IDX_BYTES + AqLayout.RING - AqLayout.IDX
            + AqLayout.AVAIL_ENTRY_BYTES * AqLayout.QUEUE_SIZE;

    private final DeviceContext device;
    private final AqLayout aq;
    private final AqEngine engine;
    private final boolean pipelined;
    private final boolean prefetch;
    private final AdminCommandValidator validator;
    private final OutstandingRequests dma;

    // ---- the queue ----
    private boolean interrupts;
    private boolean fetching;
    private boolean kicked;
    /** The available index as last read. */
    private int availIdx;
    /** The next ring index to start a command for. */
    private int nextAvail;
    /** Ring entries [knownFrom, knownTo) read with the index: their heads are in knownHead. */
    private int knownFrom;
    private int knownTo;
    private final int[] knownHead = new int[AqLayout.QUEUE_SIZE];
    private final byte[] ringBuf = new byte[RING_BYTES];
    private int ringFrom;
    private int usedIdx;
    private int nextSeq;
    private int nextExecSeq;
    private int nextRetireSeq;
    /** hold-queue: a held command stops the hand-off to the firmware until it completes. */
    private boolean queueHeld;

    // ---- the contexts, one command each ----
    private final int contexts;
    private final int[] state;
    private final int[] seq;
    private final int[] head;
    private final int[] ringIndex;
    private final long[][] descAddr;
    private final int[][] descLen;
    private final int[][] descFlags;
    private final int[] descCount;
    /** Next descriptor to read: in the descriptor table, or in the indirect table when inTable. */
    private final int[] nextDesc;
    private final boolean[] inTable;
    private final long[] tableAddr;
    private final int[] tableEntries;
    private final byte[][] descRaw;
    private final int[] descRequested;
    private final byte[][] command;
    private final int[] commandBytes;
    /** Readable buffers still to be issued (serial: one at a time) and reads still outstanding. */
    private final int[] nextBuffer;
    private final int[] readsPending;
    private final boolean[] fetched;
    private final AdminCommand[] cmd;
    /** Decoded and handed to the firmware or logic, not yet written back: what the {@code command} signal shows. */
    private final boolean[] decoded;
    private final int[] heldOffset;
    /** Bumped when a context starts over, so a late completion of its earlier reads is ignored. */
    private final int[] generation;

    // ---- DMA reads: per tag, and the FIFO of reads waiting for the issue port ----
    private final int[] reqCtx;
    private final int[] reqKind;
    private final int[] reqDest;
    private final int[] reqFill;
    private final int[] reqGen;
    private final int fifoSize;
    private final long[] fifoAddr;
    private final int[] fifoBytes;
    private final int[] fifoCtx;
    private final int[] fifoKind;
    private final int[] fifoDest;
    private final int[] fifoGen;
    private int fifoHead;
    private int fifoCount;
    private long issueFreeAt;
    private int readsOutstanding;

    private final Handler issue;
    private final Handler executed;
    private final Handler afterReset;

    private Probe pAvail;
    private Probe pUsed;
    private Probe pState;
    private Probe pInFlight;
    private Probe pReads;
    private Probe pCommand;
    private Probe pCommandVf;
    private Probe pCommandOffset;

    private long commands;
    private long dmaReads;
    private long dmaWrites;
    private long heldForReset;
    private long tryAgain;
    private int inFlight;
    private int maxInFlight;

    /** What the engine encodes for its write-back DMAs: the device-writable part, a used element, an index. */
    private final byte[] out = new byte[AdminCommandStatus.SIZE + AdminCommand.MAX_DATA];

    public AdminQueueDevice(DeviceContext device, AqLayout aq, AqEngine engine, AdminCommandValidator validator,
                            OutstandingRequests dma) {
        this.device = device;
        this.aq = aq;
        this.engine = engine;
        this.pipelined = engine.pipelined();
        this.prefetch = engine.prefetch();
        this.validator = validator;
        this.dma = dma;
        this.contexts = engine.commandsInFlight();
        int k = contexts;
        this.state = new int[k];
        this.seq = new int[k];
        this.head = new int[k];
        this.ringIndex = new int[k];
        this.descAddr = new long[k][MAX_DESC];
        this.descLen = new int[k][MAX_DESC];
        this.descFlags = new int[k][MAX_DESC];
        this.descCount = new int[k];
        this.nextDesc = new int[k];
        this.inTable = new boolean[k];
        this.tableAddr = new long[k];
        this.tableEntries = new int[k];
        this.descRaw = new byte[k][MAX_DESC * AqLayout.DESCRIPTOR_BYTES];
        this.descRequested = new int[k];
        this.command = new byte[k][COMMAND_BYTES];
        this.commandBytes = new int[k];
        this.nextBuffer = new int[k];
        this.readsPending = new int[k];
        this.fetched = new boolean[k];
        this.cmd = new AdminCommand[k];
        for (int c = 0; c < k; c++) {
            cmd[c] = new AdminCommand();
        }
        this.decoded = new boolean[k];
        this.heldOffset = new int[k];
        this.generation = new int[k];
        int tags = dma.capacity();
        this.reqCtx = new int[tags];
        this.reqKind = new int[tags];
        this.reqDest = new int[tags];
        this.reqFill = new int[tags];
        this.reqGen = new int[tags];
        this.fifoSize = 2 * k * (MAX_DESC + 2) + 2;
        this.fifoAddr = new long[fifoSize];
        this.fifoBytes = new int[fifoSize];
        this.fifoCtx = new int[fifoSize];
        this.fifoKind = new int[fifoSize];
        this.fifoDest = new int[fifoSize];
        this.fifoGen = new int[fifoSize];
        this.issue = x -> issueOne();
        this.executed = c -> execute((int) c);
        this.afterReset = c -> finishHeldRead((int) c);
    }

    /**
     * Signals of this queue under {@code c}: the indices, engine_state (see the constants), commands
     * and reads in flight; the oldest command executing (handed to the firmware or logic, not yet
     * written back): {@code command} (its opcode + 1, 0 for none), {@code command_vf}
     * (group_member_id), {@code command_offset} (a legacy command's offset), and the same as text,
     * {@code command_text} ({@link AdminCommandText}), decoded by the waveform writer.
     */
    public void trace(Component c) {
        pAvail = c.probe("avail_idx", 16);
        pUsed = c.probe("used_idx", 16);
        pState = c.probe("engine_state", 3);
        pInFlight = c.probe("commands_in_flight", 7);
        pReads = c.probe("reads_outstanding", 10);
        pCommand = c.probe("command", 17);
        pCommandVf = c.probe("command_vf", 16);
        pCommandOffset = c.probe("command_offset", 8);
        c.text("command_text", AdminCommandText::format, pCommand, pCommandVf, pCommandOffset);
    }

    private void traceState() {
        if (pState != null) {
            pState.set(engineState());
            pAvail.set(availIdx & 0xFFFF);
            pUsed.set(usedIdx & 0xFFFF);
            pInFlight.set(inFlight);
            pReads.set(readsOutstanding);
            int oldest = -1;
            for (int c = 0; c < contexts; c++) {
                if (decoded[c] && (oldest < 0 || seq[c] - seq[oldest] < 0)) {
                    oldest = c;
                }
            }
            if (oldest < 0) {
                pCommand.set(0);
            } else {
                AdminCommand a = cmd[oldest];
                pCommand.set((a.opcode() & 0xFFFF) + 1);
                pCommandVf.set(a.groupMemberId() & 0xFFFF);
                pCommandOffset.set(a.legacyOffset() & 0xFF);
            }
        }
    }

    /** The step of the oldest command in flight; the ring fetch if there is none. */
    private int engineState() {
        int oldest = -1;
        for (int c = 0; c < contexts; c++) {
            if (state[c] != FREE && state[c] != STALLED && (oldest < 0 || seq[c] - seq[oldest] < 0)) {
                oldest = c;
            }
        }
        if (oldest >= 0) {
            return state[oldest];
        }
        return fetching ? AVAIL_IDX : IDLE;
    }

    /** The host driver asks for an MSI-X message per completed command (irq mode) or polls. */
    public void setInterrupts(boolean on) {
        this.interrupts = on;
    }

    @Override
    public void read(int function, int offset, int size, int slot) {
        device.complete(slot, 0);
    }

    /** The doorbell: a write of the queue index to the PF's AQ notify register. */
    @Override
    public void write(int function, int offset, int size, long value) {
        restartStalled();
        if (fetching || (!pipelined && inFlight > 0)) {
            kicked = true;
        } else {
            fetchRing();
        }
    }

    // ---- the available ring ----

    private void fetchRing() {
        fetching = true;
        ringFrom = nextAvail;
        int bytes = AqLayout.IDX_BYTES;
        if (pipelined) {
            // idx, then ring[] up to the entries of the contexts that could start: one MRd.
            int pos = nextAvail % AqLayout.QUEUE_SIZE;
            int n = Math.min(contexts, AqLayout.QUEUE_SIZE - pos);
            bytes = (int) (aq.availEntry(nextAvail) - aq.availIdx()) + n * AqLayout.AVAIL_ENTRY_BYTES;
        }
        enqueue(aq.availIdx(), bytes, -1, K_RING, 0);
        traceState();
    }

    private void ringRead() {
        fetching = false;
        availIdx = AqLayout.idx(ringBuf, 0);
        if (pipelined) {
            int first = (int) (aq.availEntry(ringFrom) - aq.availIdx());
            int n = Math.min(contexts, AqLayout.QUEUE_SIZE - ringFrom % AqLayout.QUEUE_SIZE);
            int fresh = (availIdx - ringFrom) & 0xFFFF;
            n = Math.min(n, fresh);
            for (int i = 0; i < n; i++) {
                knownHead[(ringFrom + i) % AqLayout.QUEUE_SIZE] = AqLayout.ringHead(ringBuf, first + i * AqLayout.AVAIL_ENTRY_BYTES);
            }
            knownFrom = ringFrom;
            knownTo = (ringFrom + n) & 0xFFFF;
        }
        if (nextAvail == availIdx && kicked) {
            kicked = false;
            fetchRing();
            return;
        }
        startCommands();
        if (kicked && pipelined && !fetching) {
            kicked = false;
            fetchRing();
        }
        traceState();
    }

    private boolean headKnown(int index) {
        return ((index - knownFrom) & 0xFFFF) < ((knownTo - knownFrom) & 0xFFFF);
    }

    /** Starts a command in every free context while the ring has commands not yet started. */
    private void startCommands() {
        while (nextAvail != availIdx) {
            int c = freeContext();
            if (c < 0) {
                return;
            }
            int index = nextAvail;
            nextAvail = (nextAvail + 1) & 0xFFFF;
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            seq[c] = nextSeq++;
            ringIndex[c] = index;
            begin(c, pipelined && headKnown(index));
        }
    }

    /** Starts context {@code c} on its ring entry: from its head if known, else by reading the entry. */
    private void begin(int c, boolean headKnown) {
        generation[c]++;
        descCount[c] = 0;
        inTable[c] = false;
        commandBytes[c] = 0;
        readsPending[c] = 0;
        fetched[c] = false;
        if (headKnown) {
            head[c] = knownHead[ringIndex[c] % AqLayout.QUEUE_SIZE];
            beginDescriptors(c);
        } else {
            state[c] = RING_ENTRY;
            enqueue(aq.availEntry(ringIndex[c]), AqLayout.AVAIL_ENTRY_BYTES, c, K_ENTRY, 0);
        }
    }

    /** A doorbell restarts every context whose read timed out, from its ring entry, in queue order. */
    private void restartStalled() {
        for (int c = 0; c < contexts; c++) {
            if (state[c] == STALLED) {
                begin(c, false);
            }
        }
    }

    private int freeContext() {
        for (int c = 0; c < contexts; c++) {
            if (state[c] == FREE) {
                return c;
            }
        }
        return -1;
    }

    // ---- descriptors ----

    private void beginDescriptors(int c) {
        state[c] = DESCRIPTORS;
        nextDesc[c] = head[c];
        readDescriptors(c);
    }

    private void readDescriptors(int c) {
        int have = descCount[c];
        int n;
        long addr;
        if (inTable[c]) {
            n = prefetch ? Math.min(tableEntries[c] - nextDesc[c], MAX_DESC - have) : 1;
            addr = tableAddr[c] + (long) AqLayout.DESCRIPTOR_BYTES * nextDesc[c];
        } else {
            n = prefetch ? Math.min(MAX_DESC - have, AqLayout.QUEUE_SIZE - nextDesc[c]) : 1;
            addr = aq.descriptor(nextDesc[c]);
        }
        descRequested[c] = Math.max(n, 1);
        enqueue(addr, descRequested[c] * AqLayout.DESCRIPTOR_BYTES, c, K_DESC, 0);
    }

    private void descriptorsRead(int c) {
        byte[] raw = descRaw[c];
        int index = nextDesc[c];
        for (int j = 0; j < descRequested[c]; j++) {
            int o = j * AqLayout.DESCRIPTOR_BYTES;
            long addr = AqLayout.descAddr(raw, o);
            int len = AqLayout.descLen(raw, o);
            int flags = AqLayout.descFlags(raw, o);
            int next = AqLayout.descNext(raw, o);
            if (!inTable[c] && (flags & AqLayout.VIRTQ_DESC_F_INDIRECT) != 0) {
                // §2.7.5.3.1: the table holds the whole chain; its descriptors chain by index in it.
                inTable[c] = true;
                tableAddr[c] = addr;
                tableEntries[c] = Math.max(1, Math.min(len / AqLayout.DESCRIPTOR_BYTES, MAX_DESC));
                nextDesc[c] = 0;
                readDescriptors(c);
                return;
            }
            int d = descCount[c]++;
            descAddr[c][d] = addr;
            descLen[c][d] = len;
            descFlags[c][d] = flags;
            boolean more = (flags & AqLayout.VIRTQ_DESC_F_NEXT) != 0;
            if (!more || descCount[c] == MAX_DESC) {
                beginBuffers(c);
                return;
            }
            index = next;
            if (next != nextDesc[c] + j + 1) {
                break; // not contiguous: what was read beyond here belongs to another chain
            }
        }
        nextDesc[c] = index;
        if (inTable[c] && nextDesc[c] >= tableEntries[c]) {
            beginBuffers(c); // a table whose last entry still says NEXT: its length ends the chain
            return;
        }
        readDescriptors(c);
    }

    // ---- the device-readable buffers ----

    private boolean readable(int c, int d) {
        return d < descCount[c] && (descFlags[c][d] & AqLayout.VIRTQ_DESC_F_WRITE) == 0;
    }

    private void beginBuffers(int c) {
        state[c] = BUFFERS;
        nextBuffer[c] = 0;
        readsPending[c] = 0;
        issueBuffers(c);
        if (readsPending[c] == 0) {
            bufferReady(c);
        }
    }

    /** Issues the next readable buffer (serial) or all of them (pipelined), merging only adjacent ones with prefetch. */
    private void issueBuffers(int c) {
        while (readable(c, nextBuffer[c]) && commandBytes[c] < COMMAND_BYTES) {
            int d = nextBuffer[c]++;
            long addr = descAddr[c][d];
            int bytes = descLen[c][d];
            while (prefetch && readable(c, nextBuffer[c]) && descAddr[c][nextBuffer[c]] == addr + bytes) {
                bytes += descLen[c][nextBuffer[c]++];
            }
            bytes = Math.min(bytes, COMMAND_BYTES - commandBytes[c]); // the device truncates (admin.tex)
            if (bytes > 0) {
                readsPending[c]++;
                enqueue(addr, bytes, c, K_BUF, commandBytes[c]);
                commandBytes[c] += bytes;
            }
            if (!pipelined) {
                return;
            }
        }
    }

    private void bufferRead(int c) {
        readsPending[c]--;
        if (!pipelined) {
            issueBuffers(c);
        }
        if (readsPending[c] == 0) {
            bufferReady(c);
        }
    }

    private void bufferReady(int c) {
        state[c] = EXECUTING;
        fetched[c] = true;
        commands++;
        handOff();
    }

    /** Hands fetched commands to the firmware in queue order. */
    private void handOff() {
        boolean progress = true;
        while (progress && !queueHeld) {
            progress = false;
            for (int c = 0; c < contexts; c++) {
                if (state[c] == EXECUTING && fetched[c] && seq[c] == nextExecSeq) {
                    fetched[c] = false;
                    nextExecSeq++;
                    AdminCommand a = cmd[c];
                    a.decodeReadable(command[c], 0, commandBytes[c], writableBytes(c));
                    decoded[c] = true;
                    execute(a, c);
                    progress = true;
                }
            }
        }
        traceState();
    }

    /** Executes the command in context {@code c}: by the firmware program on a core, or in the logic engine. */
    private void execute(AdminCommand a, int c) {
        if (engine.backing() == Backing.HARDWARE) {
            device.kernel().scheduleIn(device.timing().ps(engine.logicCommandCycles()), executed, c);
        } else {
            device.firmware().adminCommand(this, c, a);
        }
    }

    /** The firmware's default answer: the command as the spec defines it, with this engine's reset policy. */
    @Override
    public void perform(long c) {
        execute((int) c);
    }

    /** The firmware completed the command OK itself; {@code value} is a legacy read's data. */
    @Override
    public void answer(long c, long value) {
        AdminCommand a = cmd[(int) c];
        a.result(AdminStatus.result(AdminStatus.OK, AdminStatus.Q_OK));
        if (a.opcode() == AdminOpcode.LEGACY_COMMON_CFG_READ || a.opcode() == AdminOpcode.LEGACY_DEV_CFG_READ) {
            a.dataValue(value);
        }
        retire((int) c);
    }

    /** The firmware completed the command with {@code status} (EAGAIN, say) and no result. */
    @Override
    public void fail(long c, int status, int qualifier) {
        if (status == AdminStatus.EAGAIN) {
            tryAgain++;
        }
        cmd[(int) c].result(AdminStatus.result(status, qualifier));
        retire((int) c);
    }

    // ---- execution ----

    private void execute(int c) {
        AdminCommand a = cmd[c];
        int result = validator.validate(a, device.vfEnable(), device.numVfs());
        a.result(result);
        validator.count(result);
        if (AdminStatus.isOk(result) && AdminOpcode.usesMember(a.opcode())) {
            // The header's buffer was tagged by the host with the VF it built the command for.
            device.isolation().check(device.isolation().tagOf(descAddr[c][0]), (int) a.groupMemberId());
        }
        if (AdminStatus.isOk(result)) {
            switch (a.opcode()) {
                case AdminOpcode.LIST_QUERY -> a.supportedCommands(validator.supportedOpcodes());
                case AdminOpcode.LIST_USE -> validator.use(a.commandList());
                case AdminOpcode.LEGACY_COMMON_CFG_WRITE, AdminOpcode.LEGACY_DEV_CFG_WRITE -> {
                    int vf = (int) a.groupMemberId();
                    writeRegisters(vf, a.registerOffset(device.vf(vf).msixEnabled()), a.length(), a.dataValue());
                }
                case AdminOpcode.LEGACY_COMMON_CFG_READ, AdminOpcode.LEGACY_DEV_CFG_READ -> {
                    int vf = (int) a.groupMemberId();
                    LegacyRegisterFile regs = device.vf(vf);
                    int offset = a.registerOffset(regs.msixEnabled());
                    if (regs.resetInProgress()) {
                        if (engine.resetRead() == AqEngine.ResetRead.TRYAGAIN) {
                            // admin.tex: EAGAIN means no side effects, "making it safe to retry".
                            tryAgain++;
                            a.result(AdminStatus.result(AdminStatus.EAGAIN, AdminStatus.Q_TRYAGAIN));
                            break;
                        }
                        heldForReset++;
                        state[c] = HELD;
                        heldOffset[c] = offset;
                        queueHeld = engine.resetRead() == AqEngine.ResetRead.HOLD_QUEUE;
                        traceState();
                        device.whenResetDone(vf, afterReset, c);
                        return;
                    }
                    a.dataValue(readRegisters(regs, offset, a.length()));
                }
                case AdminOpcode.LEGACY_NOTIFY_INFO -> {
                    // Where to notify: the member's own notify register (VF BAR2) and the owner's
                    // notify area (PF BAR4); entry 2 ends the list. admin-cmds-legacy-interface.tex:
                    // valid entries "MUST have a bar which is not hardwired to zero" (VF BAR0 is) and
                    // an offset "aligned to 2-byte"; member entries first, Linux's preference.
                    long vf = a.groupMemberId();
                    a.notifyEntry(0, NotifyInfoResult.FLAGS_MEMBER_DEVICE, VfBarRoute.BAR.index(), VfBarRoute.OFFSET)
                            .notifyEntry(1, NotifyInfoResult.FLAGS_OWNER_DEVICE, PfBarRoute.BAR.index(), PfBarRoute.slot((int) vf));
                }
                default -> throw new IllegalStateException("validated an opcode without a layout: " + a.opcode());
            }
        }
        retire(c);
    }

    /**
     * A write of any length the validator let through (one field, admin-cmds-legacy-interface.tex).
     * Part of a header register is merged into the register's value, the rest unchanged (a
     * write-only register's rest reads as 0), and written whole; in the device config 1, 2 or 4
     * bytes are one write and a longer one (the 6-byte MAC) goes byte by byte, the same effect
     * since device config is byte-addressed ({@link org.virtiosim.device.legacy.DeviceConfig}).
     */
    private void writeRegisters(int vf, int offset, int length, long value) {
        LegacyRegisterFile regs = device.vf(vf);
        LegacyRegister r = header(regs, offset);
        if (r != null) {
            long v = value;
            if (offset != r.offset() || length != r.width()) {
                int shift = 8 * (offset - r.offset());
                long mask = ((1L << (8 * length)) - 1) << shift;
                long old = r.readable() ? regs.read(r.offset(), r.width()) & 0xFFFF_FFFFL : 0;
                v = (old & ~mask) | ((value << shift) & mask);
            }
            device.applyLegacyWrite(vf, r.offset(), r.width(), v);
        } else if (length == 1 || length == 2 || length == 4 || device.vf(vf).checkWrite(offset, length) == null) {
            // One write, as one command asked: the 6-byte MAC lands whole (mac_apply sees one write).
            device.applyLegacyWrite(vf, offset, length, value);
        } else {
            for (int i = 0; i < length; i++) {
                device.applyLegacyWrite(vf, offset + i, 1, (value >>> (8 * i)) & 0xFF);
            }
        }
    }

    /** Part of a header register is read whole and the bytes asked for returned; device config byte by byte past 4. */
    private static long readRegisters(LegacyRegisterFile regs, int offset, int length) {
        LegacyRegister r = header(regs, offset);
        if (r != null && (offset != r.offset() || length != r.width())) {
            long whole = regs.read(r.offset(), r.width()) & 0xFFFF_FFFFL;
            return (whole >>> (8 * (offset - r.offset()))) & ((1L << (8 * length)) - 1);
        }
        if (length == 1 || length == 2 || length == 4) {
            return regs.read(offset, length) & 0xFFFF_FFFFL;
        }
        long v = 0;
        for (int i = 0; i < length; i++) {
            v |= (long) (regs.read(offset + i, 1) & 0xFF) << (8 * i);
        }
        return v;
    }

    /** The header register holding BAR0 offset {@code offset}, or null in the device config. */
    private static LegacyRegister header(LegacyRegisterFile regs, int offset) {
        return offset < LegacyLayout.deviceConfigStart(regs.msixEnabled()) ? LegacyRegister.covering(offset, regs.msixEnabled()) : null;
    }

    private void finishHeldRead(int c) {
        AdminCommand a = cmd[c];
        a.dataValue(readRegisters(device.vf((int) a.groupMemberId()), heldOffset[c], a.length()));
        if (queueHeld) {
            queueHeld = false;
        }
        retire(c);
        handOff();
    }

    /** hold-queue and the serial engine complete in queue order; the others as each finishes. */
    private boolean inOrder() {
        return engine.resetRead() == AqEngine.ResetRead.HOLD_QUEUE;
    }

    private void retire(int c) {
        if (inOrder() && seq[c] != nextRetireSeq) {
            state[c] = RETIRING;
            traceState();
            return;
        }
        writeBack(c);
        if (inOrder()) {
            boolean progress = true;
            while (progress) {
                progress = false;
                for (int o = 0; o < contexts; o++) {
                    if (state[o] == RETIRING && seq[o] == nextRetireSeq) {
                        writeBack(o);
                        progress = true;
                    }
                }
            }
        }
        afterRetire();
    }

    private void afterRetire() {
        if (pipelined) {
            startCommands();
        } else if (nextAvail != availIdx) {
            startCommands();
        } else if (!fetching) {
            kicked = false;
            fetchRing(); // look again: the host may have added commands meanwhile
        }
        traceState();
    }

    /** Bytes of device-writable part the driver supplied: the lengths of the writable descriptors. */
    private int writableBytes(int c) {
        int n = 0;
        for (int i = 0; i < descCount[c]; i++) {
            if ((descFlags[c][i] & AqLayout.VIRTQ_DESC_F_WRITE) != 0) {
                n += descLen[c][i];
            }
        }
        return n;
    }

    /** Result, status, used entry, used index, then MSI-X: posted writes, so PCIe keeps their order. */
    private void writeBack(int c) {
        // The first device-writable descriptor holds the status, the next one the result.
        long statusAddr = 0;
        long resultAddr = 0;
        for (int i = 0; i < descCount[c]; i++) {
            if ((descFlags[c][i] & AqLayout.VIRTQ_DESC_F_WRITE) != 0) {
                statusAddr = descAddr[c][i];
                resultAddr = i + 1 < descCount[c] ? descAddr[c][i + 1] : 0;
                break;
            }
        }
        int used = cmd[c].encodeWritable(out, 0, Math.min(writableBytes(c), out.length));
        if (used > AdminCommandStatus.SIZE) {
            writeBytes(resultAddr, out, AdminCommandStatus.SIZE, used - AdminCommandStatus.SIZE);
        }
        writeBytes(statusAddr, out, 0, Math.min(used, AdminCommandStatus.SIZE));
        AqLayout.encodeUsedElem(out, 0, head[c], used);
        writeBytes(aq.usedEntry(usedIdx), out, 0, AqLayout.USED_ELEM_BYTES);
        usedIdx = (usedIdx + 1) & 0xFFFF;
        AqLayout.encodeIdx(out, 0, usedIdx);
        writeBytes(aq.usedIdx(), out, 0, AqLayout.IDX_BYTES);
        if (interrupts) {
            write(AddressMap.MSI_ADDRESS, 4, aq.queue()); // the message data names the queue's vector
        }
        nextRetireSeq++;
        state[c] = FREE;
        decoded[c] = false;
        inFlight--;
    }

    // ---- DMA reads ----

    /** Queues a read for the issue port: every DMA request costs the engine its issue time. */
    private void enqueue(long address, int bytes, int c, int kind, int dest) {
        if (fifoCount == fifoSize) {
            throw new IllegalStateException("AQ engine: issue FIFO overflow");
        }
        int i = (fifoHead + fifoCount) % fifoSize;
        fifoAddr[i] = address;
        fifoBytes[i] = bytes;
        fifoCtx[i] = c;
        fifoKind[i] = kind;
        fifoDest[i] = dest;
        fifoGen[i] = c < 0 ? 0 : generation[c];
        fifoCount++;
        if (fifoCount == 1) {
            scheduleIssue();
        }
    }

    private void scheduleIssue() {
        long now = device.kernel().now();
        long at = Math.max(now, issueFreeAt) + device.timing().ps(device.timing().dmaRequestCycles());
        issueFreeAt = at;
        device.kernel().scheduleIn(at - now, issue, 0);
    }

    private void issueOne() {
        if (fifoCount == 0) {
            return;
        }
        int i = fifoHead;
        int tag = dma.allocate(aq.queue(), fifoBytes[i]);
        if (tag < 0) {
            scheduleIssue(); // every tag busy: try again after another issue slot
            return;
        }
        reqCtx[tag] = fifoCtx[i];
        reqKind[tag] = fifoKind[i];
        reqDest[tag] = fifoDest[i];
        reqFill[tag] = 0;
        reqGen[tag] = fifoGen[i];
        dmaReads++;
        readsOutstanding++;
        device.upstream().send(device.upstream().newTlp().setMemoryRead(device.layout().pfRoutingId(), tag, fifoAddr[i],
                fifoBytes[i]));
        fifoHead = (fifoHead + 1) % fifoSize;
        fifoCount--;
        if (fifoCount > 0) {
            scheduleIssue();
        }
        traceState();
    }

    /** A completion for one of this engine's reads (the {@link AdminQueues} route them by queue). */
    public void completion(int tag, long context, Tlp cpl, boolean last) {
        int lead = cpl.lowerAddress() & 3;
        int n = Math.min(cpl.byteCount(), cpl.lengthDw() * 4 - lead);
        int c = reqCtx[tag];
        if (c >= 0 && (reqGen[tag] != generation[c] || state[c] == STALLED)) {
            if (last) {
                readsOutstanding--; // an earlier attempt's read: its context has started over
            }
            return;
        }
        byte[] dst;
        int at = reqDest[tag] + reqFill[tag];
        switch (reqKind[tag]) {
            case K_RING -> dst = ringBuf;
            case K_ENTRY -> dst = descRaw[c];
            case K_DESC -> dst = descRaw[c];
            default -> dst = command[c];
        }
        n = Math.min(n, dst.length - at);
        if (n > 0) {
            System.arraycopy(cpl.data(), lead, dst, at, n);
            reqFill[tag] += n;
        }
        if (last) {
            readsOutstanding--;
            switch (reqKind[tag]) {
                case K_RING -> ringRead();
                case K_ENTRY -> {
                    head[c] = AqLayout.ringHead(descRaw[c], 0);
                    beginDescriptors(c);
                }
                case K_DESC -> descriptorsRead(c);
                default -> bufferRead(c);
            }
            traceState();
        }
    }

    /** The host memory never answered: the command cannot proceed; counted by the requester table. */
    public void timedOut(int tag, long context) {
        readsOutstanding--;
        int c = reqCtx[tag];
        if (reqKind[tag] == K_RING) {
            fetching = false;
        } else if (reqGen[tag] == generation[c] && state[c] != STALLED) {
            // The command cannot proceed; it keeps its place in the queue and is fetched again
            // from its ring entry at the next doorbell, as the serial engine always did.
            state[c] = STALLED;
            generation[c]++;
        }
        traceState();
    }

    private void write(long address, int bytes, long value) {
        dmaWrites++;
        Tlp t = device.upstream().newTlp().setMemoryWrite(device.layout().pfRoutingId(), address, bytes);
        byte[] d = t.ensureData(t.lengthDw() * 4);
        int lead = (int) (address & 3);
        for (int i = 0; i < bytes; i++) {
            d[lead + i] = (byte) (value >>> (8 * i));
        }
        device.upstream().send(t);
    }

    private void writeBytes(long address, byte[] src, int srcOff, int bytes) {
        dmaWrites++;
        Tlp t = device.upstream().newTlp().setMemoryWrite(device.layout().pfRoutingId(), address, bytes);
        System.arraycopy(src, srcOff, t.ensureData(t.lengthDw() * 4), (int) (address & 3), bytes);
        device.upstream().send(t);
    }

    public AqEngine engine() {
        return engine;
    }

    public long commands() {
        return commands;
    }

    public long dmaReads() {
        return dmaReads;
    }

    public long dmaWrites() {
        return dmaWrites;
    }

    /** Legacy reads whose command waited for the VF's reset. */
    public long heldForReset() {
        return heldForReset;
    }

    /** Legacy reads answered VIRTIO_ADMIN_STATUS_EAGAIN because the VF was resetting. */
    public long tryAgainAnswers() {
        return tryAgain;
    }

    /** The most commands this queue has had in flight at once. */
    public int maxCommandsInFlight() {
        return maxInFlight;
    }

    /** DMA reads issued and not yet completed. */
    public int readsOutstanding() {
        return readsOutstanding;
    }
}
