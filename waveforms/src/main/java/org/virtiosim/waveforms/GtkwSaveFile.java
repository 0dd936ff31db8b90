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

/**
 * A GTKWave save file (.gtkw) that opens a VCD or FST written by {@link WaveformSink} with every probe
 * shown, one collapsible group per component.
 *
 * <p>Syntax as GTKWave's own writer emits it ({@code write_save_helper} in gtkwave's
 * {@code savefile.c}): {@code [dumpfile] "path"}, then traces; a line {@code @hex} sets the
 * trace flags for the lines after it, {@code -text} is a blank trace (a group delimiter when the
 * flags say so), and any other line names a signal by its full dotted name, vectors with their
 * bit range as GTKWave builds it from the VCD ({@code tb.link.up.tlp_type[7:0]}).
 */
public final class GtkwSaveFile {
    /** TR_BLANK | TR_GRP_BEGIN (analyzer.h: 1 << 9 | 1 << 23): an open group starts here. */
    static final String GROUP_BEGIN = "@800200";
    /** TR_BLANK | TR_GRP_END (1 << 9 | 1 << 24): the group ends here. */
    static final String GROUP_END = "@1000200";
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
        Files.writeString(gtkw, text(gtkw, vcd, probes, filters), StandardCharsets.UTF_8);
    }

    static String text(Path gtkw, Path vcd, List<Probe> probes) {
        return text(gtkw, vcd, probes, Map.of());
    }

    /** The save file's text, as {@link #write(Path, Path, List, Map)} writes it. */
    public static String text(Path gtkw, Path vcd, List<Probe> probes, Map<String, Path> filters) {
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
        StringBuilder s = new StringBuilder();
        s.append(MARKER).append("[*]\n");
        s.append("[dumpfile] \"").append(dump).append("\"\n");
        // GTKWave also records the save file's own path, to find a moved dump file relative to it.
        s.append("[savefile] \"").append(save).append("\"\n");
        s.append("[timestart] 0\n");
        for (Map.Entry<String, List<Probe>> g : groups.entrySet()) {
            s.append(GROUP_BEGIN).append('\n').append('-').append(g.getKey()).append('\n');
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
            s.append(GROUP_END).append('\n').append('-').append(g.getKey()).append('\n');
        }
        return s.toString();
    }
}
