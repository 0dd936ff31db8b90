package org.virtiosim.testbench.trace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.virtiosim.core.param.NumberText;
import org.virtiosim.device.legacy.LegacyLayout;

/**
 * Reads a register-access trace, strictly.
 *
 * <p>Format: CSV without quoting. Lines whose first non-blank character is {@code #} are comments, anywhere;
 * blank lines are skipped. The first other line is the header: column names, case-insensitive, surrounding
 * whitespace trimmed. {@code op}, {@code offset}, {@code size} and {@code value} are required, {@code vf} and
 * {@code delay_ns} are optional, any other column is ignored. Every data row has at most as many fields as the
 * header; a row with fewer is missing the trailing fields. {@code op} is {@code R}, {@code W} or {@code MSIX}
 * (any case). Numbers are decimal or {@code 0x}-hex, never negative. R/W rows: offset and size (1, 2 or 4)
 * required, offset + size at most the device-config end given to the reader; W needs a value, R may give one
 * (the expected result) or {@code ?} (unchecked: the guest's value is one the model does not reproduce, such as an
 * ISR read with MSI-X off); the value must fit in {@code size} bytes. One W of size 6 is allowed: the whole MAC
 * at once, the hypervisor's coalesced write, at the MAC's offset for the MSI-X state the rows before it left
 * the VFs it applies to in (0x14 with MSI-X off, as every VF starts, 0x18 with it on; {@link
 * LegacyLayout#macOffset}). MSIX rows: offset and size empty, value 0 or 1. {@code vf} empty or 0 means every
 * VF, else 1..65535; {@code delay_ns} empty means 0.
 *
 * <p>Anything else is an error: a {@link TraceException} naming the file, the line and the field.
 */
public final class TraceReader {

    /**
     * Device-config end of the simulated virtio-net VF with MSI-X on: device config starts at 0x18 and is 10
     * bytes long (mac[6], status, max_virtqueue_pairs), so no legacy access may reach past 0x22.
     */
    public static final int VIRTIO_NET_MSIX_CONFIG_END = 0x18 + 10;

    /**
     * The value of an R row the guest saw but the model cannot reproduce, so it is read and not compared
     * ({@link TraceRow#unchecked()}); docs/trace-files.md.
     */
    public static final String UNCHECKED = "?";

    /** Largest VF number a row may be restricted to (SR-IOV NumVFs is a 16-bit field). */
    public static final int MAX_VF = 0xFFFF;

    /**
     * Longest {@code delay_ns} of a row: 1 s. A file of {@link #MAX_BYTES} holds at most ~7 million rows, so
     * their delays add up to at most ~7e18 ps: a run's horizon stays inside the kernel's 2^63 ps.
     */
    public static final long MAX_DELAY_NS = 1_000_000_000L;

    /** Files larger than this are refused rather than read into memory. */
    public static final int MAX_BYTES = 64 << 20;

    private static final String[] REQUIRED = {"op", "offset", "size", "value"};
    private static final String[] OPTIONAL = {"vf", "delay_ns"};

    private final int configEnd;

    /**
     * @param configEnd exclusive end of the legacy window accesses may touch, e.g.
     *                  {@link #VIRTIO_NET_MSIX_CONFIG_END}; 1..65536
     */
    public TraceReader(int configEnd) {
        if (configEnd <= 0 || configEnd > 0x10000) {
            throw new IllegalArgumentException("configEnd " + configEnd + " is not in 1..65536");
        }
        this.configEnd = configEnd;
    }

    public int configEnd() {
        return configEnd;
    }

    /** Reads the trace at {@code path}; messages name the file without its directory. */
    public Trace read(Path path) throws TraceException {
        Path fn = path.getFileName();
        String name = fn == null ? path.toString() : fn.toString();
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new TraceException(name, 0, "file", "larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new TraceException(name, 0, "file", "cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        return read(name, bytes);
    }

    /**
     * Reads a trace from the class path, e.g. {@code scenarios/linux-net-probe.csv}; messages name the last
     * path segment.
     */
    public Trace readResource(String resource) throws TraceException {
        String res = resource.startsWith("/") ? resource.substring(1) : resource;
        String name = res.substring(res.lastIndexOf('/') + 1);
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) {
            cl = TraceReader.class.getClassLoader();
        }
        try (InputStream in = cl.getResourceAsStream(res)) {
            if (in == null) {
                throw new TraceException(name, 0, "file", "no such class-path resource: " + echo(res));
            }
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new TraceException(name, 0, "file", "larger than " + MAX_BYTES + " bytes");
            }
            return read(name, bytes);
        } catch (IOException e) {
            throw new TraceException(name, 0, "file", "cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Reads a trace held in memory; {@code name} is used in messages. */
    public Trace read(String name, byte[] content) throws TraceException {
        String text = decode(name, content);
        List<String> lines = splitLines(text);

        Map<String, Integer> columns = null;
        int headerWidth = 0;
        List<TraceRow> rows = new ArrayList<>();
        MsixState msix = new MsixState();
        List<Trace.Phase> phases = new ArrayList<>();
        boolean sawAnything = false;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            sawAnything = true;
            if (trimmed.charAt(0) == '#') {
                String phase = phaseName(trimmed);
                if (phase != null) {
                    phases.add(new Trace.Phase(phase, rows.size(), lineNo));
                }
                continue;
            }
            String[] fields = line.split(",", -1);
            if (columns == null) {
                columns = header(name, lineNo, fields);
                headerWidth = fields.length;
                continue;
            }
            TraceRow row = row(name, lineNo, fields, columns, headerWidth, msix);
            msix.after(row);
            rows.add(row);
        }
        if (!sawAnything) {
            throw new TraceException(name, 1, "content", "file is empty");
        }
        if (columns == null) {
            throw new TraceException(name, lines.size(), "header", "no header: the file holds only comments");
        }
        return new Trace(name, configEnd, rows, phases);
    }

    /**
     * A comment that marks where a phase of the guest's run begins ({@code # marker: probe}, as the QEMU
     * importer writes the guest's markers); the rows after it, to the next marker, are that phase.
     */
    public static final String MARKER_PREFIX = "# marker:";

    /** The phase a comment starts, or null: {@code # marker: NAME}, the name at most 80 characters. */
    private static String phaseName(String comment) {
        if (!comment.regionMatches(true, 0, MARKER_PREFIX, 0, MARKER_PREFIX.length())) {
            return null;
        }
        String n = comment.substring(MARKER_PREFIX.length()).strip();
        return n.isEmpty() ? null : n.length() > 80 ? n.substring(0, 80) : n;
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String decode(String name, byte[] content) throws TraceException {
        if (content.length == 0) {
            throw new TraceException(name, 1, "content", "file is empty");
        }
        int start = 0;
        if (content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB
                && (content[2] & 0xFF) == 0xBF) {
            start = 3; // UTF-8 byte order mark
        }
        // Control bytes other than tab, CR and LF mean binary content; report the line they are on.
        int line = 1;
        for (int i = start; i < content.length; i++) {
            int b = content[i] & 0xFF;
            if (b == '\n') {
                line++;
            } else if (b == '\r') {
                if (i + 1 >= content.length || content[i + 1] != '\n') {
                    throw new TraceException(name, line, "content", "not text: carriage return without line feed");
                }
            } else if ((b < 0x20 && b != '\t') || b == 0x7F) {
                throw new TraceException(name, line, "content", String.format("not text: control byte 0x%02x", b));
            }
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return dec.decode(ByteBuffer.wrap(content, start, content.length - start)).toString();
        } catch (CharacterCodingException e) {
            throw new TraceException(name, firstBadUtf8Line(content, start), "content", "not text: invalid UTF-8", e);
        }
    }

    private static int firstBadUtf8Line(byte[] content, int start) {
        int line = 1;
        int lineStart = start;
        for (int i = start; i <= content.length; i++) {
            if (i == content.length || content[i] == '\n') {
                CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
                try {
                    dec.decode(ByteBuffer.wrap(content, lineStart, i - lineStart));
                } catch (CharacterCodingException e) {
                    return line;
                }
                line++;
                lineStart = i + 1;
            }
        }
        return line;
    }

    private static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                int end = i > from && text.charAt(i - 1) == '\r' ? i - 1 : i;
                lines.add(text.substring(from, end));
                from = i + 1;
            }
        }
        if (from < text.length()) {
            lines.add(text.substring(from));
        }
        return lines;
    }

    private static Map<String, Integer> header(String name, int lineNo, String[] fields) throws TraceException {
        String first = fields[0].strip().toUpperCase(Locale.ROOT);
        if (first.equals("R") || first.equals("W") || first.equals("MSIX")) {
            throw new TraceException(name, lineNo, "header",
                    "no header: the first line is a data row; expected column names such as op,offset,size,value");
        }
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < fields.length; i++) {
            String col = fields[i].strip().toLowerCase(Locale.ROOT);
            if (col.isEmpty()) {
                throw new TraceException(name, lineNo, "header", "column " + (i + 1) + " has no name");
            }
            if (columns.putIfAbsent(col, i) != null) {
                throw new TraceException(name, lineNo, "header", "column '" + echo(col) + "' appears twice");
            }
        }
        for (String req : REQUIRED) {
            if (!columns.containsKey(req)) {
                throw new TraceException(name, lineNo, "header", "missing required column '" + req + "'");
            }
        }
        return columns;
    }

    private TraceRow row(String name, int lineNo, String[] fields, Map<String, Integer> columns, int headerWidth,
                         MsixState msix) throws TraceException {
        if (fields.length > headerWidth) {
            throw new TraceException(name, lineNo, "row",
                    "has " + fields.length + " fields, the header has " + headerWidth);
        }
        String opText = field(fields, columns, "op");
        String offText = field(fields, columns, "offset");
        String sizeText = field(fields, columns, "size");
        String valueText = field(fields, columns, "value");
        String vfText = columns.containsKey("vf") ? field(fields, columns, "vf") : null;
        String delayText = columns.containsKey("delay_ns") ? field(fields, columns, "delay_ns") : null;

        if (opText == null) {
            throw missing(name, lineNo, "op", fields.length, headerWidth);
        }
        TraceRow.Op op = switch (opText.toUpperCase(Locale.ROOT)) {
            case "R" -> TraceRow.Op.R;
            case "W" -> TraceRow.Op.W;
            case "MSIX" -> TraceRow.Op.MSIX;
            case "" -> throw new TraceException(name, lineNo, "op", "empty; expected R, W or MSIX");
            default -> throw new TraceException(name, lineNo, "op",
                    "'" + echo(opText) + "' is not R, W or MSIX");
        };

        int vf = 0;
        if (vfText != null && !vfText.isEmpty()) {
            long v = number(name, lineNo, "vf", vfText);
            if (v > MAX_VF) {
                throw new TraceException(name, lineNo, "vf", vfText + " is beyond " + MAX_VF);
            }
            vf = (int) v;
        }
        long delay = 0;
        if (delayText != null && !delayText.isEmpty()) {
            delay = number(name, lineNo, "delay_ns", delayText, MAX_DELAY_NS);
        }

        if (op == TraceRow.Op.MSIX) {
            if (offText != null && !offText.isEmpty()) {
                throw new TraceException(name, lineNo, "offset", "must be empty on an MSIX row, is '"
                        + echo(offText) + "'");
            }
            if (sizeText != null && !sizeText.isEmpty()) {
                throw new TraceException(name, lineNo, "size", "must be empty on an MSIX row, is '"
                        + echo(sizeText) + "'");
            }
            if (valueText == null || valueText.isEmpty()) {
                throw new TraceException(name, lineNo, "value", "an MSIX row needs 1 (enable) or 0 (disable)");
            }
            long v = number(name, lineNo, "value", valueText);
            if (v > 1) {
                throw new TraceException(name, lineNo, "value", valueText + " is not 0 or 1");
            }
            return new TraceRow(op, TraceRow.NONE, TraceRow.NONE, v, false, vf, delay, lineNo);
        }

        if (offText == null) {
            throw missing(name, lineNo, "offset", fields.length, headerWidth);
        }
        if (offText.isEmpty()) {
            throw new TraceException(name, lineNo, "offset", "empty; " + article(op) + " row needs an offset");
        }
        long offset = number(name, lineNo, "offset", offText);
        if (sizeText == null) {
            throw missing(name, lineNo, "size", fields.length, headerWidth);
        }
        if (sizeText.isEmpty()) {
            throw new TraceException(name, lineNo, "size", "empty; " + article(op) + " row needs a size");
        }
        long size = number(name, lineNo, "size", sizeText);
        if (size == LegacyLayout.MAC_WRITE_BYTES) {
            macWrite(name, lineNo, op, offset, vf, msix);
        } else if (size != 1 && size != 2 && size != 4) {
            throw new TraceException(name, lineNo, "size", sizeText + " is not 1, 2 or 4");
        }
        if (offset >= configEnd) {
            throw new TraceException(name, lineNo, "offset",
                    String.format("%s is beyond the device config end 0x%x", offText, configEnd));
        }
        if (offset + size > configEnd) {
            throw new TraceException(name, lineNo, "offset", String.format(
                    "%s + size %d ends at 0x%x, beyond the device config end 0x%x", offText, size, offset + size,
                    configEnd));
        }

        layout(name, lineNo, op, (int) offset, (int) size, vf, msix);

        if (UNCHECKED.equals(valueText)) {
            if (op != TraceRow.Op.R) {
                throw new TraceException(name, lineNo, "value", "'" + UNCHECKED + "' (unchecked) is for an R row; a W row needs the value written");
            }
            return new TraceRow(op, (int) offset, (int) size, 0, false, vf, delay, lineNo, true);
        }
        boolean hasValue = valueText != null && !valueText.isEmpty();
        if (op == TraceRow.Op.W && !hasValue) {
            if (valueText == null) {
                throw missing(name, lineNo, "value", fields.length, headerWidth);
            }
            throw new TraceException(name, lineNo, "value", "empty; a W row needs the value written");
        }
        long value = 0;
        if (hasValue) {
            value = number(name, lineNo, "value", valueText);
            long max = (1L << (8 * size)) - 1;
            if (value > max) {
                throw new TraceException(name, lineNo, "value",
                        String.format("%s does not fit in %d byte%s (max 0x%x)", valueText, size,
                                size == 1 ? "" : "s", max));
            }
        }
        return new TraceRow(op, (int) offset, (int) size, value, op == TraceRow.Op.R && hasValue, vf, delay,
                lineNo);
    }

    /**
     * The access against the legacy layout (transport-pci.tex, legacy interface): a header register at its own
     * offset with its own width (queue notify is 2 bytes), device config 1, 2 or 4 bytes inside it, in the
     * MSI-X state of every VF the row runs on. Checked here, so every scheme sees only accesses a driver makes.
     */
    private void layout(String name, int lineNo, TraceRow.Op op, int offset, int size, int vf, MsixState msix)
            throws TraceException {
        for (boolean on : msix.statesOf(vf)) {
            int configLength = Math.max(0, configEnd - LegacyLayout.deviceConfigStart(on)); // the reader's end bounds the config
            String why = op == TraceRow.Op.W ? LegacyLayout.checkWrite(offset, size, on, configLength)
                    : LegacyLayout.checkAccess(offset, size, on, configLength);
            if (why != null) {
                throw new TraceException(name, lineNo, "offset", why + (msix.statesOf(vf).size() > 1 ? " (MSI-X " + (on ? "on" : "off")
                        + " on some of the VFs it runs on)" : ""));
            }
        }
    }

    /** A size-6 row: only a W of the whole MAC, at its offset for the MSI-X state of the VFs the row runs on. */
    private static void macWrite(String name, int lineNo, TraceRow.Op op, long offset, int vf, MsixState msix)
            throws TraceException {
        if (op != TraceRow.Op.W) {
            throw new TraceException(name, lineNo, "size", "6 is only a W (the coalesced MAC write); reads are 1, 2 or 4");
        }
        Boolean on = msix.of(vf);
        if (on == null) {
            throw new TraceException(name, lineNo, "vf",
                    "a 6-byte MAC write for every VF while their MSI-X states differ: the MAC is not at one offset");
        }
        int mac = LegacyLayout.macOffset(on);
        if (offset != mac) {
            throw new TraceException(name, lineNo, "offset", String.format(
                    "a 6-byte W is the whole MAC, at 0x%x here (MSI-X %s), not 0x%x", mac, on ? "on" : "off", offset));
        }
    }

    /** The MSI-X state the rows read so far leave each VF in: every VF starts with it off. */
    private static final class MsixState {
        private boolean every;
        private final Map<Integer, Boolean> own = new HashMap<>();

        void after(TraceRow row) {
            if (row.op() != TraceRow.Op.MSIX) {
                return;
            }
            if (row.vf() == 0) {
                every = row.value() == 1;
                own.clear();
            } else {
                own.put(row.vf(), row.value() == 1);
            }
        }

        /** The states the VFs a row for {@code vf} runs on are in: one, or for 0 (every VF) both when they differ. */
        List<Boolean> statesOf(int vf) {
            Boolean one = of(vf);
            return one != null ? List.of(one) : List.of(false, true);
        }

        /** The state of VF {@code vf}, or for 0 (every VF) their common state; null if they differ. */
        Boolean of(int vf) {
            if (vf != 0) {
                return own.getOrDefault(vf, every);
            }
            for (boolean b : own.values()) {
                if (b != every) {
                    return null;
                }
            }
            return every;
        }
    }

    private static String article(TraceRow.Op op) {
        return op == TraceRow.Op.R ? "an R" : "a W";
    }

    /** The trimmed field of {@code column}, or null when the row is too short to have it. */
    private static String field(String[] fields, Map<String, Integer> columns, String column) {
        int idx = columns.get(column);
        return idx < fields.length ? fields[idx].strip() : null;
    }

    private static TraceException missing(String name, int lineNo, String column, int have, int want) {
        return new TraceException(name, lineNo, column,
                "missing: the row has " + have + " field" + (have == 1 ? "" : "s") + ", the header has " + want);
    }

    /** A non-negative whole number in the one number grammar ({@link NumberText}: decimal or 0x-hex) that fits in a long. */
    private static long number(String name, int lineNo, String column, String text) throws TraceException {
        return number(name, lineNo, column, text, Long.MAX_VALUE);
    }

    private static long number(String name, int lineNo, String column, String text, long max) throws TraceException {
        if (text.startsWith("-")) {
            throw new TraceException(name, lineNo, column, "'" + echo(text) + "' is negative");
        }
        try {
            return NumberText.whole(text, 0, max, "");
        } catch (IllegalArgumentException e) {
            throw new TraceException(name, lineNo, column, e.getMessage());
        }
    }

    /** A field quoted back in a message: {@link NumberText#echo}. */
    private static String echo(String s) {
        return NumberText.echo(s);
    }
}
