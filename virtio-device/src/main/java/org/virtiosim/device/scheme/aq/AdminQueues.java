package org.virtiosim.device.scheme.aq;

import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.Region;
import org.virtiosim.device.scheme.DeviceHalf;
import org.virtiosim.device.scheme.aq.command.AdminCommandValidator;
import org.virtiosim.device.scheme.aq.command.AdminOpcode;
import org.virtiosim.device.scheme.aq.command.AqLayout;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.txn.OutstandingRequests;

/**
 * Device half of the {@code aq} scheme: the PF's admin queues (one by default, a knob), each with
 * its own DMA engine, sharing the device's DMA tags. Doorbell q is at PF BAR0 + {@link #DOORBELLS} + 4q.
 */
public final class AdminQueues implements Region, DeviceHalf, OutstandingRequests.Listener {
    /** The doorbells' offset in PF BAR0: one 4-byte doorbell per admin queue. */
    public static final int DOORBELLS = 0x0000;
    public static final int DOORBELLS_SIZE = 0x400;

    private final AdminQueueDevice[] queues;
    /** One per owner device and group type (admin.tex): LIST_USE on any queue sets the list for all. */
    private final AdminCommandValidator validator;

    /**
     * Queues with the serial engine, whose driver has already run its LIST_QUERY / LIST_USE
     * (every command this package knows is in use): what the device-level tests drive.
     */
    public AdminQueues(DeviceContext device, int count, boolean prefetch, int tags) {
        this(device, count, AqEngine.serial(prefetch), tags, AdminOpcode.KNOWN);
    }

    /**
     * @param inUse the commands in use before the driver's first LIST_USE: after reset the spec
     *        says LIST_QUERY and LIST_USE only ({@link AdminOpcode#USED_AFTER_RESET})
     */
    public AdminQueues(DeviceContext device, int count, AqEngine engine, int tags, long inUse) {
        if (count < 1 || count > 256) {
            throw new IllegalArgumentException("admin queues must be 1..256, got " + count);
        }
        OutstandingRequests dma = device.enableDma(tags, this);
        this.validator = new AdminCommandValidator(AdminOpcode.KNOWN, device::vf).use(inUse);
        this.queues = new AdminQueueDevice[count];
        for (int q = 0; q < count; q++) {
            queues[q] = new AdminQueueDevice(device, new AqLayout(q), engine, validator, dma);
        }
    }

    public void setInterrupts(boolean on) {
        for (AdminQueueDevice q : queues) {
            q.setInterrupts(on);
        }
    }

    /** Signals of every queue under {@code tb.aq} ({@code aq0.avail_idx}, ...). */
    @Override
    public void trace(org.virtiosim.core.component.Component tb) {
        org.virtiosim.core.component.Component c = tb.child(AqScheme.ID);
        for (int q = 0; q < queues.length; q++) {
            queues[q].trace(c.child("aq" + q));
        }
    }

    public int count() {
        return queues.length;
    }

    public AdminQueueDevice queue(int q) {
        return queues[q];
    }

    @Override
    public void read(int function, int offset, int size, int slot) {
        queues[0].read(function, offset, size, slot);
    }

    @Override
    public void write(int function, int offset, int size, long value) {
        int q = offset / 4;
        if (q < queues.length) {
            queues[q].write(function, 0, size, value);
        }
    }

    @Override
    public void completion(int tag, long context, Tlp completion, boolean last) {
        queues[(int) context].completion(tag, context, completion, last);
    }

    @Override
    public void timedOut(int tag, long context) {
        queues[(int) context].timedOut(tag, context);
    }

    /** Admin commands the owner refused (bad group, opcode, member or field), by status and qualifier. */
    @Override
    public java.util.Map<String, Long> refused() {
        return validator.refused();
    }
}
