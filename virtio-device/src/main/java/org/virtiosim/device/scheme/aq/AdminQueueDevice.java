package org.virtiosim.device.scheme.aq;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.device.AddressMap;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.Region;
import org.virtiosim.device.scheme.aq.command.AdminCommand;
import org.virtiosim.device.scheme.aq.command.AdminCommandHeader;
import org.virtiosim.device.scheme.aq.command.AdminCommandStatus;
import org.virtiosim.device.scheme.aq.command.AdminCommandValidator;
import org.virtiosim.device.scheme.aq.command.AdminOpcode;
import org.virtiosim.device.scheme.aq.command.AdminStatus;
import org.virtiosim.device.scheme.aq.command.AqLayout;
import org.virtiosim.device.scheme.aq.command.NotifyInfoResult;
import org.virtiosim.device.notify.PfBarRoute;
import org.virtiosim.device.notify.VfBarRoute;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.txn.OutstandingRequests;

/**
 * Device half of the {@code aq} scheme: the PF's admin virtqueue and its DMA engine.
 *
 * <p>On a doorbell the engine reads the available index, then for each new command the ring
 * entry, the descriptor chain and the device-readable buffers (header, data), each with an MRd;
 * firmware executes the command; the engine writes the result, the status, the used ring entry
 * and the used index with MWrs, and raises MSI-X when the host asked for interrupts. Commands on
 * the queue complete in order. With {@code prefetch} the engine reads the whole four-descriptor
 * chain, and the header with its data, in one MRd each. A legacy read of status while the VF
 * resets completes when the reset has: the firmware holds the command.
 */
public final class AdminQueueDevice implements Region {
    private static final int IDLE = 0;
    private static final int AVAIL_IDX = 1;
    private static final int RING_ENTRY = 2;
    private static final int DESCRIPTORS = 3;
    private static final int BUFFERS = 4;
    private static final int EXECUTING = 5;

    private final DeviceContext device;
    private final AqLayout aq;
    private final boolean prefetch;
    private final OutstandingRequests dma;
    /** Bytes of buffer state one engine holds (read buffer, command, write-back; device_cost's fixed bytes). */
    public static final int ENGINE_BYTES = 256 + 64 + AdminCommandStatus.SIZE + AdminCommand.MAX_DATA;

    private final byte[] buffer = new byte[256];
    private final long[] descAddr = new long[AqLayout.DESCRIPTORS_PER_COMMAND];
    private final int[] descLen = new int[AqLayout.DESCRIPTORS_PER_COMMAND];
    private final int[] descFlags = new int[AqLayout.DESCRIPTORS_PER_COMMAND];
    private int descCount;
    private int nextDescriptor;
    private int bufferIndex;
    private int headBytes;
    private final byte[] command = new byte[64];
    private int commandBytes;

    private int state = IDLE;
    private boolean kicked;
    private int availIdx;
    private int lastAvail;
    private int usedIdx;
    private int head;
    private boolean interrupts;
    private final Handler issue;
    private final Handler executed;
    private final Handler afterReset;

    private org.virtiosim.core.component.Probe pAvail;
    private org.virtiosim.core.component.Probe pUsed;
    private org.virtiosim.core.component.Probe pState;

    /** Signals of this queue under {@code c}: available and used indices, DMA engine state (0 idle .. 5 executing). */
    public void trace(org.virtiosim.core.component.Component c) {
        pAvail = c.probe("avail_idx", 16);
        pUsed = c.probe("used_idx", 16);
        pState = c.probe("engine_state", 3);
    }

    private void traceState() {
        if (pState != null) {
            pState.set(state);
            pAvail.set(availIdx & 0xFFFF);
            pUsed.set(usedIdx & 0xFFFF);
        }
    }

    private long commands;
    private long dmaReads;
    private long dmaWrites;
    private long heldForReset;

    public AdminQueueDevice(DeviceContext device, AqLayout aq, boolean prefetch, OutstandingRequests dma) {
        this.device = device;
        this.aq = aq;
        this.prefetch = prefetch;
        this.dma = dma;
        this.issue = step -> issueStep();
        this.executed = x -> execute();
        this.afterReset = x -> finishLegacyRead();
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
        if (state == IDLE) {
            state = AVAIL_IDX;
            step();
        } else {
            kicked = true;
        }
    }

    /** Every DMA request costs the engine its issue time first. */
    private void step() {
        device.kernel().scheduleIn(device.timing().ps(device.timing().dmaRequestCycles()), issue, 0);
    }

    private void issueStep() {
        traceState();
        switch (state) {
            case AVAIL_IDX -> read(aq.availIdx(), AqLayout.IDX_BYTES);
            case RING_ENTRY -> read(aq.availEntry(lastAvail), AqLayout.AVAIL_ENTRY_BYTES);
            case DESCRIPTORS -> read(aq.descriptor(nextDescriptor),
                    prefetch ? AqLayout.DESCRIPTOR_BYTES * AqLayout.DESCRIPTORS_PER_COMMAND : AqLayout.DESCRIPTOR_BYTES);
            case BUFFERS -> {
                if (prefetch) {
                    // Header and data are adjacent in the slot: one read covers both.
                    read(descAddr[0], descLen[0] + (descCount > 1 && (descFlags[1] & AqLayout.VIRTQ_DESC_F_WRITE) == 0 ? descLen[1] : 0));
                } else {
                    read(descAddr[bufferIndex], descLen[bufferIndex]);
                }
            }
            default -> throw new IllegalStateException("AQ engine: no request to issue in state " + state);
        }
    }

    private void read(long address, int bytes) {
        int tag = dma.allocate(aq.queue(), bytes);
        if (tag < 0) {
            step(); // every tag busy: try again after another issue slot
            return;
        }
        dmaReads++;
        device.upstream().send(device.upstream().newTlp().setMemoryRead(device.layout().pfRoutingId(), tag, address, bytes));
        headBytes = 0;
    }

    /** A completion for one of this engine's reads (the {@link AdminQueues} route them by queue). */
    public void completion(int tag, long context, Tlp cpl, boolean last) {
        int lead = cpl.lowerAddress() & 3;
        int n = Math.min(cpl.byteCount(), cpl.lengthDw() * 4 - lead);
        System.arraycopy(cpl.data(), lead, buffer, headBytes, n);
        headBytes += n;
        if (last) {
            received();
        }
    }

    public void timedOut(int tag, long context) {
        // The host memory never answered: the command cannot proceed. Counted by the requester table.
        state = IDLE;
        traceState();
    }

    private void received() {
        traceState();
        switch (state) {
            case AVAIL_IDX -> {
                availIdx = AqLayout.idx(buffer, 0);
                if (lastAvail == availIdx) {
                    state = IDLE;
                    if (kicked) {
                        kicked = false;
                        state = AVAIL_IDX;
                        step();
                    } else {
                        traceState(); // idle until the next doorbell: the waveform shows it
                    }
                    return;
                }
                state = RING_ENTRY;
                step();
            }
            case RING_ENTRY -> {
                head = AqLayout.ringHead(buffer, 0);
                nextDescriptor = head;
                descCount = 0;
                state = DESCRIPTORS;
                step();
            }
            case DESCRIPTORS -> {
                int chunks = prefetch ? AqLayout.DESCRIPTORS_PER_COMMAND : 1;
                boolean more = true;
                for (int c = 0; c < chunks && more; c++) {
                    int o = c * AqLayout.DESCRIPTOR_BYTES;
                    descAddr[descCount] = AqLayout.descAddr(buffer, o);
                    descLen[descCount] = AqLayout.descLen(buffer, o);
                    descFlags[descCount] = AqLayout.descFlags(buffer, o);
                    nextDescriptor = AqLayout.descNext(buffer, o);
                    more = (descFlags[descCount] & AqLayout.VIRTQ_DESC_F_NEXT) != 0;
                    descCount++;
                }
                if (more && descCount < AqLayout.DESCRIPTORS_PER_COMMAND) {
                    step();
                    return;
                }
                state = BUFFERS;
                bufferIndex = 0;
                commandBytes = 0;
                step();
            }
            case BUFFERS -> {
                System.arraycopy(buffer, 0, command, commandBytes, headBytes);
                commandBytes += headBytes;
                bufferIndex++;
                boolean moreReadable = !prefetch && bufferIndex < descCount
                        && (descFlags[bufferIndex] & AqLayout.VIRTQ_DESC_F_WRITE) == 0;
                if (moreReadable) {
                    step();
                    return;
                }
                state = EXECUTING;
                commands++;
                cmd.decodeReadable(command, 0, commandBytes, writableBytes());
                long cycles = device.firmware().adminCommandCycles(cmd.opcode(), (int) cmd.groupMemberId(),
                        commandBytes - AdminCommandHeader.SIZE);
                device.cores().submit(device.timing().ps(cycles), executed, 0);
            }
            default -> throw new IllegalStateException("AQ engine: unexpected completion in state " + state);
        }
    }

    /** The command being executed: what it asks and what it answers. */
    private final AdminCommand cmd = new AdminCommand();
    /**
     * Linux's PF driver sends LIST_QUERY, then LIST_USE of what it reported, when it probes
     * (virtio_pci_admin_cmd_list_init), before any VF is opened; the simulation starts there.
     */
    private final AdminCommandValidator validator = new AdminCommandValidator(AdminOpcode.KNOWN, this::member)
            .use(AdminOpcode.KNOWN);
    /** A legacy read held for a reset: the member and the register offset it reads. */
    private int pendingVf;
    private int pendingOffset;
    /** What the engine encodes for its write-back DMAs: the device-writable part, a used element, an index. */
    private final byte[] out = new byte[AdminCommandStatus.SIZE + AdminCommand.MAX_DATA];

    private void execute() {
        int result = validator.validate(cmd, device.numVfs());
        cmd.result(result);
        if (AdminStatus.isOk(result)) {
            switch (cmd.opcode()) {
                case AdminOpcode.LIST_QUERY -> cmd.supportedCommands(validator.supportedOpcodes());
                case AdminOpcode.LIST_USE -> validator.use(cmd.commandList());
                case AdminOpcode.LEGACY_COMMON_CFG_WRITE, AdminOpcode.LEGACY_DEV_CFG_WRITE -> {
                    int vf = (int) cmd.groupMemberId();
                    device.applyLegacyWrite(vf, cmd.registerOffset(device.vf(vf).msixEnabled()), cmd.length(),
                            cmd.dataValue());
                }
                case AdminOpcode.LEGACY_COMMON_CFG_READ, AdminOpcode.LEGACY_DEV_CFG_READ -> {
                    int vf = (int) cmd.groupMemberId();
                    LegacyRegisterFile regs = device.vf(vf);
                    int offset = cmd.registerOffset(regs.msixEnabled());
                    if (regs.resetInProgress()) {
                        heldForReset++;
                        pendingVf = vf;
                        pendingOffset = offset;
                        device.whenResetDone(vf, afterReset, 0);
                        return;
                    }
                    cmd.dataValue(regs.read(offset, cmd.length()) & 0xFFFF_FFFFL);
                }
                case AdminOpcode.LEGACY_NOTIFY_INFO -> {
                    // Where to notify: the member's own notify register (VF BAR2) and the owner's
                    // notify area (PF BAR4); entry 2 ends the list. admin-cmds-legacy-interface.tex:
                    // valid entries "MUST have a bar which is not hardwired to zero" (VF BAR0 is) and
                    // an offset "aligned to 2-byte"; member entries first, Linux's preference.
                    long vf = cmd.groupMemberId();
                    cmd.notifyEntry(0, NotifyInfoResult.FLAGS_MEMBER_DEVICE, VfBarRoute.BAR.index(), VfBarRoute.OFFSET)
                            .notifyEntry(1, NotifyInfoResult.FLAGS_OWNER_DEVICE, PfBarRoute.BAR.index(), PfBarRoute.slot((int) vf));
                }
                default -> throw new IllegalStateException("validated an opcode without a layout: " + cmd.opcode());
            }
        }
        writeBack();
    }

    private void finishLegacyRead() {
        cmd.dataValue(device.vf(pendingVf).read(pendingOffset, cmd.length()) & 0xFFFF_FFFFL);
        writeBack();
    }

    /** VF {@code vf}'s legacy registers, which the validator checks accesses against. */
    private LegacyRegisterFile member(int vf) {
        return device.vf(vf);
    }

    /** Bytes of device-writable part the driver supplied: the lengths of the writable descriptors. */
    private int writableBytes() {
        int n = 0;
        for (int i = 0; i < descCount; i++) {
            if ((descFlags[i] & AqLayout.VIRTQ_DESC_F_WRITE) != 0) {
                n += descLen[i];
            }
        }
        return n;
    }

    /** Result, status, used entry, used index, then MSI-X: posted writes, so PCIe keeps their order. */
    private void writeBack() {
        // The first device-writable descriptor holds the status, the next one the result.
        long statusAddr = 0;
        long resultAddr = 0;
        for (int i = 0; i < descCount; i++) {
            if ((descFlags[i] & AqLayout.VIRTQ_DESC_F_WRITE) != 0) {
                statusAddr = descAddr[i];
                resultAddr = i + 1 < descCount ? descAddr[i + 1] : 0;
                break;
            }
        }
        int used = cmd.encodeWritable(out, 0, Math.min(writableBytes(), out.length));
        if (used > AdminCommandStatus.SIZE) {
            writeBytes(resultAddr, out, AdminCommandStatus.SIZE, used - AdminCommandStatus.SIZE);
        }
        writeBytes(statusAddr, out, 0, Math.min(used, AdminCommandStatus.SIZE));
        AqLayout.encodeUsedElem(out, 0, head, used);
        writeBytes(aq.usedEntry(usedIdx), out, 0, AqLayout.USED_ELEM_BYTES);
        usedIdx = (usedIdx + 1) & 0xFFFF;
        AqLayout.encodeIdx(out, 0, usedIdx);
        writeBytes(aq.usedIdx(), out, 0, AqLayout.IDX_BYTES);
        if (interrupts) {
            write(AddressMap.MSI_ADDRESS, 4, aq.queue()); // the message data names the queue's vector
        }
        lastAvail = (lastAvail + 1) & 0xFFFF;
        traceState();
        if (lastAvail != availIdx) {
            state = RING_ENTRY;
        } else {
            state = AVAIL_IDX; // look again: the host may have added commands meanwhile
            kicked = false;
        }
        step();
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
}
