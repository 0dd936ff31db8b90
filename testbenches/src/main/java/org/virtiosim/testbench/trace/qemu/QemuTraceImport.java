package org.virtiosim.testbench.trace.qemu;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.virtiosim.testbench.trace.TraceReader;

/**
 * Imports a QEMU trace log as a virtio-sim trace (docs/trace-files.md): the accesses a guest made to one
 * virtio function's legacy I/O BAR0 (memory region {@code virtio-pci}), each offset relative to BAR0 as the
 * function's config writes placed it, every read with the value QEMU returned as its expectation; an
 * {@code MSIX} row where the guest set or cleared MSI-X Enable in Message Control ({@code pci_cfg_write});
 * the guest's phase markers (lines written byte by byte to an {@code isa-debugcon} port) as
 * {@code # marker: NAME} comments at their place, which replay reports per phase; QEMU's version line and
 * the log's own {@code #} lines as comments. Any other event in the log is skipped.
 *
 * <p>A line of an event read that does not parse is an error naming it; so is a log with no legacy virtio
 * access, or with several virtio functions accessed and none chosen.
 */
public final class QemuTraceImport {
    /** Name QEMU gives the legacy virtio I/O BAR's memory region (hw/virtio/virtio-pci.c). */
    public static final String LEGACY_REGION = "virtio-pci";
    /** Name of the isa-debugcon port's region (hw/char/debugcon.c): the guest's phase markers. */
    public static final String MARKER_REGION = "isa-debugcon";
    /** The comment a marker becomes; {@link TraceReader} starts a phase at each. */
    public static final String MARKER_COMMENT = TraceReader.MARKER_PREFIX;
    /** Longest marker kept; the rest of a longer line is dropped. */
    static final int MAX_MARKER = 80;
    /** The legacy ISR status register's offset in BAR0 (virtio 0.9.5; virtio 1.x legacy interface). */
    static final int ISR = 0x13;

    private final String fileName;
    private final String device;
    private final Map<String, VirtioFunction> functions = new LinkedHashMap<>();
    /** Lines of the CSV body in log order: rows tagged by their function, comments by null. */
    private final List<Tagged> body = new ArrayList<>();
    private final List<String> preamble = new ArrayList<>();
    private final Set<String> modernRegions = new LinkedHashSet<>();
    private final StringBuilder marker = new StringBuilder();

    private record Tagged(VirtioFunction function, String text) {
    }

    /** What an import made: the CSV and what it holds. */
    public record Result(String csv, String bdf, String device, int rows, int reads, int uncheckedReads, int msixRows, int markers) {
    }

    private QemuTraceImport(String fileName, String device) {
        this.fileName = fileName;
        this.device = device;
    }

    /**
     * Imports the log at {@code log}; {@code device} picks a function by bus:device.function ({@code 00:02.0}),
     * null for the only one accessed. Messages name the file without its directory.
     */
    public static Result read(Path log, String device) throws QemuLogException {
        Path fn = log.getFileName();
        String name = fn == null ? log.toString() : fn.toString();
        try (InputStream in = Files.newInputStream(log)) {
            return read(name, in, device);
        } catch (IOException e) {
            throw new QemuLogException(name, 0, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** As {@link #read(Path, String)}, from memory. */
    public static Result read(String name, byte[] log, String device) throws QemuLogException {
        try {
            return read(name, new ByteArrayInputStream(log), device);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result read(String name, InputStream in, String device) throws IOException, QemuLogException {
        QemuTraceImport imp = new QemuTraceImport(name, device);
        try (LogLines lines = new LogLines(in)) {
            for (String line = lines.next(name); line != null; line = lines.next(name)) {
                imp.line(line, lines);
            }
        }
        imp.endMarker();
        return imp.result();
    }

    private void line(String line, LogLines lines) throws QemuLogException {
        int n = lines.number();
        String t = line.strip();
        if (t.isEmpty()) {
            return;
        }
        if (t.startsWith("#")) {
            comment(t);
            return;
        }
        if (t.startsWith("QEMU emulator version")) {
            preamble.add("# " + t);
            return;
        }
        QemuEvent e;
        try {
            e = QemuEvent.parse(t);
        } catch (IllegalArgumentException x) {
            throw new QemuLogException(fileName, n, lines.terminated() ? x.getMessage()
                    : "the log ends inside this " + QemuEvent.name(t) + " line (cut short? the capture may not have finished)");
        }
        if (e instanceof QemuEvent.ConfigWrite c) {
            configWrite(c, n);
        } else if (e instanceof QemuEvent.RegionAccess a) {
            access(a, n);
        }
    }

    private void comment(String t) {
        if (body.isEmpty() && functions.isEmpty()) {
            preamble.add(t);
        } else {
            body.add(new Tagged(null, t));
        }
    }

    private void configWrite(QemuEvent.ConfigWrite c, int n) {
        if (!c.device().startsWith("virtio")) {
            return;
        }
        VirtioFunction f = functions.computeIfAbsent(c.bdf(), b -> new VirtioFunction(b, c.device()));
        if (f.configWrite(c.offset(), c.value())) {
            body.add(new Tagged(f, "MSIX,,," + (f.msixEnabled ? 1 : 0) + "," + n));
        }
    }

    private void access(QemuEvent.RegionAccess a, int n) throws QemuLogException {
        if (a.region().equals(MARKER_REGION)) {
            if (a.write()) {
                markerByte((int) (a.value() & 0xFF));
            }
            return;
        }
        if (!a.region().equals(LEGACY_REGION)) {
            if (a.region().startsWith(LEGACY_REGION + "-")) {
                modernRegions.add(a.region());
            }
            return;
        }
        VirtioFunction f = null;
        for (VirtioFunction c : functions.values()) {
            if (c.covers(a.addr()) && (f == null || c.bar0 > f.bar0)) {
                f = c;
            }
        }
        if (f == null) {
            throw new QemuLogException(fileName, n, String.format(Locale.ROOT, "an access to '%s' at port 0x%x that no virtio"
                    + " function's BAR0 covers (the log must have the guest's pci_cfg_write events from boot, which place BAR0)",
                    LEGACY_REGION, a.addr()));
        }
        if (a.size() > 4) {
            throw new QemuLogException(fileName, n, "an access of " + a.size() + " bytes to an I/O BAR (in/out move 1, 2 or 4)");
        }
        f.accesses++;
        if (!a.write()) {
            f.reads++;
        }
        long offset = a.addr() - f.bar0;
        // ISR status (0x13): its bits come from used-buffer and config-change interrupts, which the model does not
        // raise during a replay; the read is made (it clears ISR) but not checked (docs/trace-files.md, "unchecked").
        boolean unchecked = !a.write() && offset == ISR && a.size() == 1;
        if (unchecked) {
            f.uncheckedReads++;
        }
        body.add(new Tagged(f, String.format(Locale.ROOT, "%s,0x%02x,%d,%s,%d", a.write() ? "W" : "R", offset, a.size(),
                unchecked ? "?" : String.format(Locale.ROOT, "0x%x", a.value()), n)));
    }

    private void markerByte(int b) {
        if (b == '\n') {
            endMarker();
        } else if (b != '\r' && marker.length() < MAX_MARKER * 4) {
            marker.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format(Locale.ROOT, "\\x%02x", b));
        }
    }

    private void endMarker() {
        String m = marker.toString().strip();
        marker.setLength(0);
        if (!m.isEmpty()) {
            body.add(new Tagged(null, MARKER_COMMENT + " " + (m.length() > MAX_MARKER ? m.substring(0, MAX_MARKER) : m)
));
        }
    }

    private Result result() throws QemuLogException {
        List<VirtioFunction> accessed = functions.values().stream().filter(f -> f.accesses > 0).toList();
        VirtioFunction f;
        if (device != null) {
            f = functions.get(device);
            if (f == null || f.accesses == 0) {
                throw new QemuLogException(fileName, 0, "--device " + device + ": " + (f == null ? "no virtio function at " + device
                        : device + " has no legacy accesses") + "; " + (accessed.isEmpty() ? "no virtio function has any" : "it has "
                        + String.join(", ", accessed.stream().map(VirtioFunction::describe).toList())));
            }
        } else if (accessed.isEmpty()) {
            throw new QemuLogException(fileName, 0, "no accesses to a legacy virtio I/O BAR (region '" + LEGACY_REGION + "')"
                    + (modernRegions.isEmpty() ? "; trace memory_region_ops_read and memory_region_ops_write"
                            : "; only to modern regions (" + String.join(", ", modernRegions)
                                    + "): capture with -device virtio-net-pci,disable-modern=on,disable-legacy=off"));
        } else if (accessed.size() > 1) {
            throw new QemuLogException(fileName, 0, accessed.size() + " virtio functions have legacy accesses: "
                    + String.join(", ", accessed.stream().map(VirtioFunction::describe).toList()) + "; choose one with --device");
        } else {
            f = accessed.get(0);
        }
        StringBuilder csv = new StringBuilder();
        csv.append("# imported by virtio-sim import qemu-trace from ").append(fileName).append('\n');
        preamble.forEach(p -> csv.append(p).append('\n'));
        csv.append(String.format(Locale.ROOT, "# device %s %s: legacy I/O BAR0 at port 0x%x; %d accesses, %d reads: %d expect the"
                + " value QEMU returned, %d of ISR status are unchecked (?)%n", f.bdf, f.device, f.bar0, f.accesses, f.reads,
                f.reads - f.uncheckedReads, f.uncheckedReads));
        csv.append("op,offset,size,value,log_line\n");
        int rows = 0;
        int msix = 0;
        int markers = 0;
        for (Tagged t : body) {
            if (t.function() == null) {
                csv.append(t.text()).append('\n');
                markers += t.text().startsWith(MARKER_COMMENT) ? 1 : 0;
            } else if (t.function() == f) {
                csv.append(t.text()).append('\n');
                rows++;
                msix += t.text().startsWith("MSIX") ? 1 : 0;
            }
        }
        return new Result(csv.toString(), f.bdf, f.device, rows, f.reads, f.uncheckedReads, msix, markers);
    }
}
