package org.virtiosim.testbench.trace.qemu;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The events of a QEMU trace log (log backend) the importer reads, parsed from one line each. Formats, from
 * QEMU's {@code softmmu/trace-events} and {@code hw/pci/trace-events} (7.2):
 * <pre>
 * memory_region_ops_read cpu %d mr %p addr 0x%x value 0x%x size %u name '%s'
 * memory_region_ops_write cpu %d mr %p addr 0x%x value 0x%x size %u name '%s'
 * pci_cfg_write %s %02x:%02u.%x @0x%x &lt;- 0x%x
 * </pre>
 * each optionally led by {@code pid@seconds.micros:} ({@code -msg timestamp=on}). For an I/O port region
 * {@code addr} is the port (QEMU prints the absolute address), so a BAR offset is {@code addr} less the BAR's base.
 */
sealed interface QemuEvent {
    /** An access to a memory region: {@code region} is its name, {@code mr} QEMU's pointer to it. */
    record RegionAccess(boolean write, String mr, long addr, long value, int size, String region) implements QemuEvent {
    }

    /** A guest write to a PCI function's config space (the event carries no width). */
    record ConfigWrite(String device, String bdf, int offset, long value) implements QemuEvent {
    }

    /** The event names this parser reads; any other event in the log is skipped. */
    String READ = "memory_region_ops_read";
    String WRITE = "memory_region_ops_write";
    String CFG_WRITE = "pci_cfg_write";

    Pattern PREFIX = Pattern.compile("^(?:\\d+@\\d+\\.\\d+:)?([A-Za-z_][A-Za-z0-9_]*)(?: (.*))?$");
    Pattern ACCESS = Pattern.compile(
            "cpu -?\\d+ mr (0x[0-9a-f]+|\\(nil\\)) addr 0x([0-9a-f]{1,16}) value 0x([0-9a-f]{1,16}) size (\\d+) name '([^']*)'");
    Pattern CFG = Pattern.compile("(\\S+) ([0-9a-f]{2}:\\d{2}\\.[0-7]) @0x([0-9a-f]{1,4}) <- 0x([0-9a-f]{1,8})");

    /** The event name a line carries, or null for a line that is no trace event. */
    static String name(String line) {
        Matcher m = PREFIX.matcher(line);
        return m.matches() ? m.group(1) : null;
    }

    /**
     * The line as one of the events read, or null for another event.
     *
     * @throws IllegalArgumentException a line of an event read whose fields do not parse (the message says which)
     */
    static QemuEvent parse(String line) {
        Matcher m = PREFIX.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String event = m.group(1);
        String args = m.group(2) == null ? "" : m.group(2);
        switch (event) {
            case READ, WRITE -> {
                Matcher a = ACCESS.matcher(args);
                if (!a.matches()) {
                    throw new IllegalArgumentException(event + " without 'cpu N mr P addr 0xA value 0xV size S name 'R''");
                }
                int size = Integer.parseInt(a.group(4).length() > 2 ? "99" : a.group(4));
                if (size != 1 && size != 2 && size != 4 && size != 8) {
                    throw new IllegalArgumentException(event + " of size " + a.group(4) + " (QEMU accesses are 1, 2, 4 or 8 bytes)");
                }
                return new RegionAccess(event.equals(WRITE), a.group(1), Long.parseUnsignedLong(a.group(2), 16),
                        Long.parseUnsignedLong(a.group(3), 16), size, a.group(5));
            }
            case CFG_WRITE -> {
                Matcher c = CFG.matcher(args);
                if (!c.matches()) {
                    throw new IllegalArgumentException(event + " without 'DEVICE BB:DD.F @0xOFFSET <- 0xVALUE'");
                }
                int offset = Integer.parseInt(c.group(3), 16);
                if (offset > 0xFFF) {
                    throw new IllegalArgumentException(event + " at config offset 0x" + c.group(3) + ", past the 4 KiB of config space");
                }
                return new ConfigWrite(c.group(1), c.group(2), offset, Long.parseLong(c.group(4), 16));
            }
            default -> {
                return null;
            }
        }
    }
}
