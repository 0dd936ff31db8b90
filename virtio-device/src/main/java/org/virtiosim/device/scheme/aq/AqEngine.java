package org.virtiosim.device.scheme.aq;

import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.Backing;
import org.virtiosim.device.scheme.aq.command.AqLayout;

/**
 * How the PF's admin queue DMA engine ({@link AdminQueueDevice}) is built: its knobs.
 *
 * @param kind serial (one MRd outstanding, one command at a time) or pipelined
 * @param prefetch read a descriptor chain, or an indirect table, as one block, and merge readable
 *        buffers that really are adjacent in host memory
 * @param commandsInFlight command contexts the engine holds (1 for the serial engine)
 * @param resetRead what a legacy read of a VF in reset does
 * @param backing who executes a command: firmware (its cost per command) or a command engine in logic
 * @param logicCommandCycles a command executed by the logic engine, device cycles
 */
public record AqEngine(Kind kind, boolean prefetch, int commandsInFlight, ResetRead resetRead, Backing backing, long logicCommandCycles) {
    /** The engine's structure. */
    public enum Kind {
        /**
         * One DMA read outstanding and one command at a time: avail idx, ring entry, each
         * descriptor, header and data are dependent round trips (about eight per command).
         */
        SERIAL,
        /**
         * Several reads outstanding and several commands in flight: the avail index with the ring
         * entries after it in one MRd, a chain's descriptors (or its indirect table) in one, the
         * header and data MRds together; commands are handed to the firmware in queue order.
         */
        PIPELINED
    }

    /** A legacy read of a VF whose reset is still running (the read back of device_status after writing 0). */
    public enum ResetRead {
        /** The command waits for the reset and every later command on the queue waits behind it (completion in queue order). */
        HOLD_QUEUE,
        /** Only that command waits; later commands complete around it (out-of-order used ring entries). */
        HOLD_COMMAND,
        /** The command completes at once with VIRTIO_ADMIN_STATUS_EAGAIN / Q_TRYAGAIN; the driver retries. */
        TRYAGAIN
    }

    public static final Param<Kind> KIND = Param.choice("aq_engine", Kind.PIPELINED,
            "the AQ DMA engine: serial (one MRd outstanding, one command) or pipelined",
            "assumption: a device built for this path overlaps its fetches as any NIC descriptor engine does "
                    + "(several non-posted reads in flight, PCIe §2.2.6.2 tags); serial is the naive engine, kept for comparison")
            .studyEveryValue("the naive and the overlapped engine");
    public static final Param<Boolean> PREFETCH = Param.flag("aq_prefetch", true,
            "the engine reads a descriptor chain (or an indirect table) in one MRd, and merges readable buffers only "
                    + "where they are adjacent in host memory",
            "assumption: a chain's descriptors sit side by side in the descriptor table, an indirect table is one "
                    + "allocation of known length (virtio 1.3 §2.7.5.3); 64 B cost one round trip like 16 B")
            .studyEveryValue("a device may or may not fetch a chain or table in one read");
    public static final Param<Long> COMMANDS_IN_FLIGHT = Param.integer("aq_commands_in_flight", "", 8, 1, AqLayout.QUEUE_SIZE,
            "commands the pipelined engine works on at once (fetching, executing, writing back)",
            "assumption: 8 contexts (about 150 B of SRAM each) cover a command's fetch round trips while the "
                    + "firmware executes others; the serial engine has 1")
            .studyRange(1L, 32L, "assumption: one context to half the 64-entry queue");
    public static final Param<ResetRead> RESET_READ = Param.choice("aq_reset_read", ResetRead.HOLD_COMMAND,
            "a legacy read of a VF in reset: hold-queue (the queue waits), hold-command (that command waits) or "
                    + "tryagain (status EAGAIN, the driver retries)",
            "admin.tex: the device \"MUST process commands ... in the order in which they are queued\" (the engine "
                    + "hands them to the firmware in that order), but nothing orders their completion: the driver orders "
                    + "dependent commands itself, since they \"will be consumed with no order constraints\"; Linux 6.11+ "
                    + "completes each command by its own token (vp_modern_avq_done), so only the held command need wait")
            .studyEveryValue("each policy admin.tex allows");

    public static final Param<Long> LOGIC_COMMAND_CYCLES = Param.integer("aq_logic_command_cycles", "cycles", 100, 0, 1_000_000,
            "one admin command executed by a command engine in logic (backing=hardware), device cycles",
            "assumption: a fixed-function decoder validates opcode, group and member, makes one register-file access "
                    + "(20 cycles, as a hardware window does) and encodes the status: about five register accesses")
            .studyRange(20L, 1000L, "assumption: one register access to a microcoded engine");

    /** The knobs, in the order they are listed. */
    public static final List<Param<?>> KNOBS = List.of(KIND, PREFETCH, COMMANDS_IN_FLIGHT, RESET_READ, LOGIC_COMMAND_CYCLES);

    /** A firmware-executed engine (the model before backing applied to every scheme). */
    public AqEngine(Kind kind, boolean prefetch, int commandsInFlight, ResetRead resetRead) {
        this(kind, prefetch, commandsInFlight, resetRead, Backing.FIRMWARE, LOGIC_COMMAND_CYCLES.defaultValue());
    }

    /** The engine a Linux-like test device uses unless told otherwise: serial, without prefetch, holding the queue. */
    public static AqEngine serial(boolean prefetch) {
        return new AqEngine(Kind.SERIAL, prefetch, 1, ResetRead.HOLD_QUEUE);
    }

    public static AqEngine from(ParamValues p) {
        return new AqEngine(p.get(KIND), p.get(PREFETCH), (int) (long) p.get(COMMANDS_IN_FLIGHT), p.get(RESET_READ),
                p.get(Backing.PARAM), p.get(LOGIC_COMMAND_CYCLES));
    }

    public AqEngine {
        if (commandsInFlight < 1 || commandsInFlight > AqLayout.QUEUE_SIZE) {
            throw new IllegalArgumentException("aq_commands_in_flight must be 1.." + AqLayout.QUEUE_SIZE + ", got " + commandsInFlight);
        }
        if (kind == Kind.SERIAL) {
            commandsInFlight = 1;
        }
    }

    public boolean pipelined() {
        return kind == Kind.PIPELINED;
    }
}
