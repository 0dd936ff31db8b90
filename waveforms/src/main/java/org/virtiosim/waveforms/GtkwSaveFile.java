package org.virtiosim.waveforms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.component.TextSignal;

/**
 * A GTKWave save file (.gtkw) that opens a VCD or FST written by {@link WaveformSink} with every probe
 * shown, one collapsible group per component.
 *
 * <p>Syntax as GTKWave's own writer emits it ({@code write_save_helper} in gtkwave's
 * {@code savefile.c}): {@code [dumpfile] "path"}, then traces; a line {@code @hex} sets the
 * trace flags for the lines after it, {@code -text} is a blank trace (a group delimiter when the
 * flags say so), and any other line names a signal by its full dotted name, vectors with their
 * bit range as GTKWave builds it from the VCD ({@code tb.link.up.tlp_type[7:0]}); a text signal
 * ({@code $var string}) by its name alone, first in its component's group; groups with text
 * signals come first.
 *
 * <p>The view ({@link View}) is written as GTKWave's {@code write_save_helper} writes it and
 * {@code parsewavline} reads it back: {@code [timestart]} the time at the left edge,
 * {@code [size]} and {@code [pos]} the main window, then the {@code *} line: the zoom, the primary
 * marker (-1 for none) and the 26 named markers A..Z; {@code [markername] A<name>} names one.
 * The zoom z is GTKWave's: {@code calczoom} shows 2^-z time units per 200 pixels
 * ({@code pixelsperframe}, zoombase 2), so a span of T ps across a wave pane W pixels wide is
 * z = -log2(T × 200 / W), the formula of its own "zoom best fit" ({@code service_zoom_fit}).
 */
public final class GtkwSaveFile {
    /** TR_BLANK | TR_GRP_BEGIN (analyzer.h: 1 << 9 | 1 << 23): an open group starts here. */
    static final String GROUP_BEGIN = "@800200";
    /** TR_BLANK | TR_GRP_END (1 << 9 | 1 << 24): the group ends here. */
    static final String GROUP_END = "@1000200";
    /** TR_BLANK | TR_GRP_BEGIN | TR_CLOSED (1 << 22): a closed group starts here (one line until opened). */
    static final String CLOSED_GROUP_BEGIN = "@c00200";
    /** TR_BLANK | TR_COLLAPSED (1 << 12) | TR_GRP_END | TR_CLOSED: a closed group ends here, as GTKWave writes it. */
    static final String CLOSED_GROUP_END = "@1401200";
    /** TR_RJUSTIFY | TR_HEX (1 << 5 | 1 << 1): vectors in hexadecimal. */
    static final String HEX = "@22";
    /** TR_RJUSTIFY | TR_BIN (1 << 5 | 1 << 3): 1-bit signals as binary. */
    static final String BIN = "@28";
    /**
     * TR_HEX | TR_RJUSTIFY | TR_FTRANSLATED (1 << 1 | 1 << 5 | 1 << 13): hexadecimal passed through
     * a translate filter file, named on the {@code ^N file} line before the signal (as pyvcd's
     * GTKWSave writes it and GTKWave reads it).
     */
    static final String HEX_TRANSLATED = "@2022";

    /** How every save file virtio-sim writes begins: a file beside a VCD that does not is someone else's. */
    public static final String MARKER = "[*]\n[*] written by virtio-sim\n";

    /** TR_ASCII (1 << 11): a string signal, its text as written. */
    static final String TEXT = "@800";
    /** Named markers GTKWave keeps (WAVE_NUM_NAMED_MARKERS): the {@code *} line lists them all. */
    static final int NAMED_MARKERS = 26;
    /** Width of the signal search tree and of the signal name pane, pixels: what the wave pane gets is the rest. */
    static final int SST_WIDTH = 200;
    static final int SIGNALS_WIDTH = 300;
    /** Window frame, scroll bar and pane handles, pixels, not part of the wave pane (measured on GTKWave 3.3.118 under Xvfb). */
    static final int CHROME_WIDTH = 100;

    /**
     * What the save file opens on.
     *
     * @param startPs   left edge of the wave pane
     * @param endPs     right edge, after {@code startPs}
     * @param markerPs  the primary marker and named marker A (the first problem), -1 for none
     * @param markerName name of marker A (no newline), ignored without a marker
     * @param widthPx   main window width
     * @param heightPx  main window height
     * @param closed    which groups (by component path) open closed, so that the rest fit the window
     */
    public record View(long startPs, long endPs, long markerPs, String markerName, int widthPx, int heightPx,
                       java.util.function.Predicate<String> closed) {
        /** 1400 × 900: room for the names and a wave pane of some 860 pixels on a 1600 × 1000 screen. */
        public static final int WIDTH = 1400;
        public static final int HEIGHT = 900;

        public View {
            if (startPs < 0 || endPs <= startPs) {
                throw new IllegalArgumentException("view needs 0 <= start < end, got " + startPs + ".." + endPs + " ps");
            }
            if (markerPs < -1 || (markerName != null && markerName.indexOf('\n') >= 0)) {
                throw new IllegalArgumentException("bad marker " + markerPs + " '" + markerName + "'");
            }
            if (widthPx <= SST_WIDTH + SIGNALS_WIDTH + CHROME_WIDTH || heightPx < 100) {
                throw new IllegalArgumentException("window " + widthPx + "x" + heightPx + " leaves no wave pane");
            }
        }

        /** From {@code startPs} to {@code endPs} in the default window, no marker. */
        public static View of(long startPs, long endPs) {
            return new View(startPs, endPs, -1, null, WIDTH, HEIGHT, path -> false);
        }

        /** The same view with marker A at {@code ps} named {@code name}. */
        public View withMarker(long ps, String name) {
            return new View(startPs, endPs, ps, name, widthPx, heightPx, closed);
        }

        /** The same view with the groups {@code which} accepts closed. */
        public View withClosed(java.util.function.Predicate<String> which) {
            return new View(startPs, endPs, markerPs, markerName, widthPx, heightPx, which);
        }

        /** Pixels of the wave pane. */
        int wavePanePx() {
            return widthPx - SST_WIDTH - SIGNALS_WIDTH - CHROME_WIDTH;
        }

        /** GTKWave's zoom for this span: -log2(span × 200 / wave pane pixels), at most 0 (one time unit per 200 px is GTKWave's limit too). */
        double zoom() {
            double z = -Math.log((double) (endPs - startPs) * 200 / wavePanePx()) / Math.log(2);
            return Math.min(0, z);
        }
    }

    private GtkwSaveFile() {
    }

    /** Writes {@code gtkw}, naming {@code vcd} by its absolute path (as GTKWave does). */
    public static void write(Path gtkw, Path vcd, List<Probe> probes) throws IOException {
        write(gtkw, vcd, probes, Map.of());
    }

    /**
     * Writes {@code gtkw} with some signals shown as text: {@code filters} maps a signal's full
     * name to a GTKWave translate filter file (lines "hex-value text", e.g. "1 MRd32").
     */
    public static void write(Path gtkw, Path vcd, List<Probe> probes, Map<String, Path> filters) throws IOException {
        Files.writeString(gtkw, text(gtkw, vcd, probes, List.of(), filters, null), StandardCharsets.UTF_8);
    }

    static String text(Path gtkw, Path vcd, List<Probe> probes) {
        return text(gtkw, vcd, probes, List.of(), Map.of(), null);
    }

    /**
     * The save file's text: the dump, the view ({@code null}: GTKWave's defaults, time 0), then one
     * group per component with its text signals first, then its probes; {@code filters} maps a
     * probe's full name to a GTKWave translate filter file (lines "hex-value text", e.g. "1 MRd32").
     */
    public static String text(Path gtkw, Path vcd, List<Probe> probes, List<TextSignal> texts, Map<String, Path> filters, View view) {
        Map<Path, Integer> filterIndex = new LinkedHashMap<>();
        String dump = vcd.toAbsolutePath().normalize().toString();
        String save = gtkw.toAbsolutePath().normalize().toString();
        if (dump.indexOf('\n') >= 0 || save.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("file names with a newline cannot go in a save file");
        }
        // Group by component, in order of first appearance; the probe order is kept inside a group.
        Map<String, List<Probe>> groups = new LinkedHashMap<>();
        for (Probe p : probes) {
            groups.computeIfAbsent(p.owner().path(), k -> new ArrayList<>()).add(p);
        }
        // Groups with text signals first (the links, the firmware cores, the admin queues): what a
        // reader looks at first fits the window; then the others, each in order of first appearance.
        Map<String, List<TextSignal>> textGroups = new LinkedHashMap<>();
        for (TextSignal t : texts) {
            textGroups.computeIfAbsent(t.owner().path(), k -> new ArrayList<>()).add(t);
        }
        Map<String, List<Probe>> ordered = new LinkedHashMap<>();
        for (String g : textGroups.keySet()) {
            ordered.put(g, groups.getOrDefault(g, List.of()));
        }
        ordered.putAll(groups);
        groups = ordered;
        StringBuilder s = new StringBuilder();
        s.append(MARKER).append("[*]\n");
        s.append("[dumpfile] \"").append(dump).append("\"\n");
        // GTKWave also records the save file's own path, to find a moved dump file relative to it.
        s.append("[savefile] \"").append(save).append("\"\n");
        appendView(s, view);
        for (Map.Entry<String, List<Probe>> g : groups.entrySet()) {
            boolean closed = view != null && view.closed().test(g.getKey());
            s.append(closed ? CLOSED_GROUP_BEGIN : GROUP_BEGIN).append('\n').append('-').append(g.getKey()).append('\n');
            for (TextSignal t : textGroups.getOrDefault(g.getKey(), List.of())) {
                s.append(TEXT).append('\n').append(t.path()).append('\n');
            }
            for (Probe p : g.getValue()) {
                Path filter = filters.get(p.path());
                if (filter != null) {
                    int n = filterIndex.computeIfAbsent(filter.toAbsolutePath().normalize(), f -> filterIndex.size() + 1);
                    s.append(HEX_TRANSLATED).append('\n');
                    s.append('^').append(n).append(' ').append(filter.toAbsolutePath().normalize()).append('\n');
                } else {
                    s.append(p.width() == 1 ? BIN : HEX).append('\n');
                }
                s.append(p.path());
                if (p.width() > 1) {
                    s.append('[').append(p.width() - 1).append(":0]");
                }
                s.append('\n');
            }
            s.append(closed ? CLOSED_GROUP_END : GROUP_END).append('\n').append('-').append(g.getKey()).append('\n');
        }
        return s.toString();
    }

    /** {@code [timestart]}, and with a view the window, the zoom and marker line and the panes (GTKWave's order). */
    private static void appendView(StringBuilder s, View view) {
        if (view == null) {
            s.append("[timestart] 0\n");
            return;
        }
        s.append("[timestart] ").append(view.startPs()).append('\n');
        s.append("[size] ").append(view.widthPx()).append(' ').append(view.heightPx()).append('\n');
        s.append("[pos] 0 0\n");
        s.append('*').append(String.format(java.util.Locale.ROOT, "%f", view.zoom())).append(' ').append(view.markerPs());
        for (int i = 0; i < NAMED_MARKERS; i++) {
            s.append(' ').append(i == 0 && view.markerPs() >= 0 ? view.markerPs() : -1);
        }
        s.append('\n');
        if (view.markerPs() >= 0 && view.markerName() != null) {
            s.append("[markername] A").append(view.markerName()).append('\n');
        }
        s.append("[sst_width] ").append(SST_WIDTH).append('\n');
        s.append("[signals_width] ").append(SIGNALS_WIDTH).append('\n');
        s.append("[sst_expanded] 1\n");
    }
}
