package org.virtiosim.waveforms;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.component.TextSignal;

/** The waveform file formats, each named by its file extension (the registry the CLI reads). */
public enum WaveFormat {
    /** Value Change Dump, IEEE 1364-2005 §18.2: text, one line per change. */
    VCD("vcd") {
        @Override
        public WaveformSink open(Path file, List<Probe> probes, List<TextSignal> texts, WaveOptions options) throws IOException {
            return WaveformSink.vcd(Files.newOutputStream(file), probes, texts, options);
        }
    },
    /** GTKWave's Fast Signal Trace ({@code fstapi.c}): blocks of compressed per-signal changes (LZ4 or zlib, {@link FstPack}), indexed. */
    FST("fst") {
        @Override
        public WaveformSink open(Path file, List<Probe> probes, List<TextSignal> texts, WaveOptions options) throws IOException {
            return WaveformSink.fst(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING), probes, texts, options);
        }
    };

    private final String extension;

    WaveFormat(String extension) {
        this.extension = extension;
    }

    /** The file extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** Creates (or truncates) {@code file} and traces {@code probes}, and the texts decoded from them, into it in this format. */
    public abstract WaveformSink open(Path file, List<Probe> probes, List<TextSignal> texts, WaveOptions options) throws IOException;

    /** The format a file name's extension names (case-insensitive), if any. */
    public static Optional<WaveFormat> forName(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
        for (WaveFormat f : values()) {
            if (f.extension.equals(ext)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The format of {@code file}; an unknown extension is refused with a message naming the known ones. */
    public static WaveFormat of(Path file) {
        return forName(file).orElseThrow(() -> new IllegalArgumentException(file + ": unknown waveform format (name a file "
                + known() + ")"));
    }

    /** "*.vcd or *.fst". */
    public static String known() {
        StringBuilder s = new StringBuilder();
        WaveFormat[] all = values();
        for (int i = 0; i < all.length; i++) {
            s.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ").append("*.").append(all[i].extension);
        }
        return s.toString();
    }
}
