package org.virtiosim.testbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.component.TextSignal;
import org.virtiosim.core.param.NumberText;
import org.virtiosim.core.component.Tracing;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.compare.Testbench;
import org.virtiosim.waveforms.GtkwSaveFile;
import org.virtiosim.waveforms.WaveFormat;
import org.virtiosim.waveforms.FstPack;
import org.virtiosim.waveforms.WaveOptions;
import org.virtiosim.waveforms.WaveformSink;
import picocli.CommandLine.Option;

/**
 * {@code --wave} (alias {@code --vcd}) and its companions, shared by every command that simulates.
 * The file's extension chooses the format ({@link WaveFormat}: {@code .vcd} or {@code .fst}).
 */
final class WaveformOptions {
    /** $date of every VCD and date field of every FST: fixed, so the same inputs give byte-identical files (no wall clock in them). */
    static final String VCD_DATE = "virtio-sim (no wall-clock date: same inputs, same file)";

    @Option(names = "--wave", paramLabel = "FILE.vcd|FILE.fst",
            description = "write a waveform, VCD or FST as the extension says (and a GTKWave .gtkw beside it)")
    Path wave;
    @Option(names = "--vcd", paramLabel = "FILE", description = "the same as --wave (its older name)")
    Path vcdAlias;
    /** The waveform file as given, by either name; null when none. */
    private Path vcd;
    /** The option it was given with, for messages: "--wave" or "--vcd". */
    private String option = "--wave";
    private WaveFormat format;
    @Option(names = "--trace-filter", split = ",", paramLabel = "GLOB",
            description = "only signals whose hierarchical name matches, e.g. tb.link.*,tb.device.vf1.*")
    List<String> filters = new ArrayList<>();
    @Option(names = "--trace-window", paramLabel = "FROM..TO", description = "only changes in this window, ns")
    String window;
    @Option(names = {"--wave-max-mb", "--vcd-max-mb"}, paramLabel = "N",
            description = "stop tracing cleanly at this size of each waveform file (default ${DEFAULT-VALUE} MiB)")
    long maxMb = 1024;
    @Option(names = "--trace-clocks", description = "also trace the device clock (off by default: it dominates file size)")
    boolean clocks;
    @Option(names = "--fst-pack", paramLabel = "lz4|zlib", completionCandidates = Candidates.FstPacks.class,
            description = "how an FST's value changes are compressed: lz4 (default; what the writer keeps up with, as Verilator writes) or zlib (smaller files, a slower writer); GTKWave and Surfer read both")
    String fstPack;
    private FstPack pack = FstPack.LZ4;
    @Option(names = "--no-wave-text", negatable = false,
            description = "leave out the text signals (a TLP, an admin command, a handler as one line): they are the writer's work, about half its bytes")
    boolean noText;

    /** The GTKWave translate filter file beside every VCD: TLP types as text. */
    static final String TLP_TYPES = "tlp_types.txt";
    private static final String TLP_TYPES_HEADER = "# tlp_type values of virtio-sim waveforms";
    /** The translate filter file for the firmware cores' handler signals: handler codes as names. */
    static final String FW_HANDLERS = "fw_handlers.txt";
    private static final String FW_HANDLERS_HEADER = "# firmware handler values of virtio-sim waveforms";

    private OutputPlan plan;
    /** The VCD a bench is writing now: a write failure during its simulation is reported as this file's. */
    private Output benchVcd;
    private final java.util.Map<Path, VcdFiles> declared = new java.util.HashMap<>();
    private long fromPs;
    private long toPs = Long.MAX_VALUE;

    /** Checks the options; throws UsageException with one line on bad input. */
    void validate() {
        if (maxMb < 1 || maxMb > 1 << 20) {
            throw new UsageException("--wave-max-mb (--vcd-max-mb) must be 1..1048576, got " + maxMb);
        }
        if (window != null) {
            String[] p = window.split("\\.\\.", -1);
            if (p.length != 2) {
                throw new UsageException("--trace-window must be FROM..TO in ns (either side may be empty), got '"
                        + NumberText.echo(window) + "'");
            }
            fromPs = p[0].isBlank() ? 0 : windowPs(p[0]);
            toPs = p[1].isBlank() ? Long.MAX_VALUE : windowPs(p[1]);
            if (toPs < fromPs) {
                throw new UsageException("--trace-window: need FROM <= TO, got '" + NumberText.echo(window) + "'");
            }
        }
        for (String f : filters) {
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + f);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--trace-filter: bad glob '" + f + "'");
            }
        }
        if (wave != null && vcdAlias != null) {
            throw new UsageException("--wave and --vcd name the same file; give one");
        }
        vcd = wave != null ? wave : vcdAlias;
        option = wave != null ? "--wave" : "--vcd";
        if (vcd != null) {
            // The name is what every waveform of the run (and its .gtkw) is named after: "." would give hidden files.
            OutputPath.checkName(option + " " + vcd, vcd);
            if (Files.isDirectory(vcd)) {
                throw new UsageException(option + " " + vcd + ": is a directory; name a file, e.g. " + vcd.resolve("waves.vcd"));
            }
            format = WaveFormat.forName(vcd).orElseThrow(() -> new UsageException(option + " " + vcd
                    + ": unknown waveform format; name a file " + WaveFormat.known()));
        }
        if (fstPack != null) {
            pack = FstPack.forName(fstPack);
            if (pack == null) {
                throw new UsageException("--fst-pack: unknown pack '" + NumberText.echo(fstPack) + "' ("
                        + String.join(" or ", new Candidates.FstPacks()) + ")");
            }
            if (format != WaveFormat.FST) {
                throw new UsageException("--fst-pack applies to an FST waveform: give --wave FILE.fst with it");
            }
        }
    }

    /**
     * Declares the files the run will write, one VCD per suffix (null: the file as given), each with
     * its .gtkw, and the tlp_types.txt beside them, so every path is checked before the run. A VCD
     * the run names only as it goes (bench pcie-lat's anchors) is declared then, checked the same way.
     */
    void declare(OutputPlan plan, List<String> suffixes) {
        this.plan = plan;
        if (vcd != null) {
            for (String s : suffixes) {
                outputsFor(fileFor(s));
            }
        }
    }

    /** Synchronized: runs carried out at once (--threads) each ask for their files. */
    private synchronized VcdFiles outputsFor(Path file) {
        if (plan == null) {
            throw new IllegalStateException("declare the outputs to the plan before the run");
        }
        VcdFiles f = declared.get(file);
        if (f == null) {
            Output v = plan.output(option, file, null);
            Output g = plan.sidecar(option, file, gtkwFor(file), GtkwSaveFile.MARKER);
            Output t = plan.sidecar(option, file, file.resolveSibling(TLP_TYPES), TLP_TYPES_HEADER);
            Output h = plan.sidecar(option, file, file.resolveSibling(FW_HANDLERS), FW_HANDLERS_HEADER);
            f = new VcdFiles(v, g, t, h);
            declared.put(file, f);
        }
        return f;
    }

    /** A VCD's outputs: the VCD, its GTKWave save file, the TLP type and firmware handler names beside it. */
    private record VcdFiles(Output vcd, Output gtkw, Output tlpTypes, Output fwHandlers) {
    }

    /** Longest window edge, ns: the kernel's time range (2^63 ps) in ns, rounded down to a decimal. */
    private static final double MAX_WINDOW_NS = 9e15;

    private static long windowPs(String ns) {
        try {
            return Math.round(NumberText.decimal(ns, 0, MAX_WINDOW_NS, "ns") * 1000);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--trace-window: " + e.getMessage());
        }
    }

    boolean enabled() {
        return vcd != null;
    }

    /** FILE with "-suffix" before the extension: waves.vcd, mmio gives waves-mmio.vcd. */
    Path fileFor(String suffix) {
        if (suffix == null) {
            return vcd;
        }
        String name = vcd.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String n = dot > 0 ? name.substring(0, dot) + "-" + suffix + name.substring(dot) : name + "-" + suffix;
        return vcd.resolveSibling(n);
    }

    /**
     * Runs the testbench with a VCD of the chosen signals; {@code said} hears the line saying where
     * the files went (to announce when they are in place).
     */
    RunResult runTraced(Testbench tb, long seed, String name, Path file, java.util.function.Consumer<String> said) {
        Tracing tracing = tb.trace(seed, clocks);
        List<Probe> chosen = choose(tracing);
        List<TextSignal> texts = textsOf(tracing, chosen);
        VcdFiles out = outputsFor(file);
        WaveformSink sink = open(out.vcd(), chosen, texts);
        RunResult r;
        try {
            sink.attachTo(tracing);
            r = tb.run(name);
            tracing.releaseDue();
        } catch (UncheckedIOException e) {
            throw out.vcd().failed(closeAfter(sink, e));
        } catch (RuntimeException | Error e) {
            closeAfter(sink, e);
            throw e;
        }
        close(out.vcd(), sink);
        writeGtkw(file, out, chosen, texts, view(tb));
        Path gtkw = gtkwFor(file);
        said.accept(String.format("%s: %s (%d signals, %d changes published, %d written, %d bytes%s), GTKWave: %s", name, file,
                chosen.size(), sink.published(), sink.written(), sink.bytes(), sink.capped() ? "; stopped at --wave-max-mb " + maxMb : "", gtkw));
        return r;
    }

    /**
     * What the .gtkw opens on: VF 1's first register access (at least {@link #MIN_VIEW_PS} wide,
     * from a tenth of it before), or, when the run had a problem, the time before the first one (a
     * cause comes first: at least {@link #PROBLEM_VIEW_PS}) with marker A on it.
     */
    private static GtkwSaveFile.View view(Testbench tb) {
        long from = tb.firstAccessPs();
        long to = tb.firstAccessDonePs();
        long problem = tb.firstProblemPs();
        long access = from >= 0 && to > from ? to - from : 0;
        GtkwSaveFile.View v;
        if (problem >= 0) {
            long span = Math.max(access, PROBLEM_VIEW_PS);
            v = GtkwSaveFile.View.of(Math.max(0, problem - span), problem + span / 5).withMarker(problem, tb.firstProblem());
        } else if (access > 0) {
            long span = Math.max(access, MIN_VIEW_PS);
            long start = Math.max(0, from - span / 10);
            v = GtkwSaveFile.View.of(start, start + span + span / 5);
        } else {
            return null;
        }
        return v.withClosed(path -> OTHER_VF.matcher(path).find());
    }

    /** Narrowest view of the first access, ps: a posted write is over in tens of ns, its neighbours matter too. */
    private static final long MIN_VIEW_PS = 2_000_000;
    /** Time shown before the first problem at least, ps: a poisoned or lost completion precedes the failed access by a µs or so. */
    private static final long PROBLEM_VIEW_PS = 5_000_000;
    /** Components of VFs other than VF 1: their groups open closed, so the links, VF 1, firmware and AQ fit the window. */
    private static final java.util.regex.Pattern OTHER_VF = java.util.regex.Pattern.compile("\\.vf([2-9]|[1-9][0-9]+)(\\.|$)");

    private WaveformSink open(Output vcdOut, List<Probe> chosen, List<TextSignal> texts) {
        try {
            return format == WaveFormat.FST ? WaveformSink.fst(vcdOut.openChannel(), chosen, texts, options())
                    : WaveformSink.vcd(vcdOut.open(), chosen, texts, options());
        } catch (IOException | UncheckedIOException e) {
            throw vcdOut.failed(e);
        }
    }

    private static void close(Output vcdOut, WaveformSink sink) {
        try {
            sink.close();
        } catch (UncheckedIOException e) {
            throw vcdOut.failed(e);
        }
    }

    /** Closes the sink after the run failed with {@code e}: the run's failure is the one reported. */
    private static Throwable closeAfter(WaveformSink sink, Throwable e) {
        try {
            sink.close();
        } catch (RuntimeException again) {
            // the writer failed too; the first failure is the one reported
        }
        return e;
    }

    /** Runs a bench traced by {@link #linkObserver} or {@link #anchorObserver}: a VCD write failure is one line naming the file. */
    <T> T bench(Supplier<T> body) {
        try {
            return body.get();
        } catch (UncheckedIOException e) {
            if (benchVcd == null) {
                throw e;
            }
            throw benchVcd.failed(e);
        }
    }

    /** For bench pcie-bw: traces both directions of a stream's link into FILE-suffix.vcd. */
    org.virtiosim.pcie.bench.DmaStreamBench.Observer linkObserver(String suffix, PrintWriter err) {
        return (kernel, link) -> traceLinks(suffix, kernel, List.of(link), err);
    }

    /** For bench pcie-lat: traces each anchor's links (root port first) into FILE-anchor.vcd. */
    org.virtiosim.pcie.bench.LatencyBench.Observer anchorObserver(PrintWriter err) {
        return (anchor, kernel, links) -> traceLinks(anchor, kernel, links, err);
    }

    private AutoCloseable traceLinks(String suffix, org.virtiosim.core.kernel.Kernel kernel,
                                     List<org.virtiosim.pcie.link.Link> links, PrintWriter err) {
        org.virtiosim.core.component.Component tb = org.virtiosim.core.component.Component.root(kernel, "tb", 1);
        for (int i = 0; i < links.size(); i++) {
            org.virtiosim.core.component.Component l = tb.child(i == 0 ? "link" : "link" + i);
            links.get(i).downstream().trace(l.child("down"));
            links.get(i).upstream().trace(l.child("up"));
        }
        Path file = fileFor(suffix);
        VcdFiles out = outputsFor(file);
        List<Probe> chosen = choose(tb.tracing());
        List<TextSignal> texts = textsOf(tb.tracing(), chosen);
        WaveformSink sink = open(out.vcd(), chosen, texts);
        benchVcd = out.vcd();
        sink.attachTo(tb.tracing());
        return () -> {
            tb.tracing().releaseDue();
            close(out.vcd(), sink);
            long end = kernel.now();
            writeGtkw(file, out, chosen, texts, end > 0 ? GtkwSaveFile.View.of(0, end) : null);
            out.vcd().announce(err, String.format("%s: %s (%d signals, %d changes published, %d written, %d bytes%s)", suffix, file,
                    chosen.size(), sink.published(), sink.written(), sink.bytes(), sink.capped() ? "; stopped at --wave-max-mb " + maxMb : ""));
        };
    }

    private List<Probe> choose(Tracing tracing) {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String f : filters) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + f));
        }
        java.util.Set<Probe> chosen = new java.util.LinkedHashSet<>();
        for (Probe p : tracing.probes()) {
            if (matches(matchers, p.path())) {
                chosen.add(p);
            }
        }
        // A text signal the filter names brings its source probes (it is decoded from them).
        java.util.Set<Probe> sources = new java.util.HashSet<>();
        for (TextSignal t : tracing.texts()) {
            if (!matchers.isEmpty() && matches(matchers, t.path())) {
                sources.addAll(t.sources());
            }
        }
        if (!sources.isEmpty()) {
            java.util.Set<Probe> all = new java.util.LinkedHashSet<>();
            for (Probe p : tracing.probes()) { // creation order, as without a filter
                if (chosen.contains(p) || sources.contains(p)) {
                    all.add(p);
                }
            }
            chosen = all;
        }
        if (chosen.isEmpty()) {
            throw new UsageException("--trace-filter matches no signal (names look like tb.link.down.tlp_type, tb.device.vf1.status)");
        }
        return new ArrayList<>(chosen);
    }

    private static boolean matches(List<PathMatcher> matchers, String path) {
        return matchers.isEmpty() || matchers.stream().anyMatch(m -> m.matches(Path.of(path)));
    }

    /** The text signals of the chosen probes: those whose sources are all traced. */
    private List<TextSignal> textsOf(Tracing tracing, List<Probe> chosen) {
        if (noText) {
            return List.of();
        }
        java.util.Set<Probe> traced = new java.util.HashSet<>(chosen);
        return tracing.textsOf(traced::contains);
    }

    private WaveOptions options() {
        return WaveOptions.defaults().withDate(VCD_DATE).withWindow(fromPs, toPs).withMaxBytes(maxMb << 20).withFstPack(pack);
    }

    private void writeGtkw(Path file, VcdFiles out, List<Probe> chosen, List<TextSignal> texts, GtkwSaveFile.View view) {
        // TLP types as text in GTKWave: a translate filter file beside the VCD.
        Path types = file.resolveSibling(TLP_TYPES);
        StringBuilder t = new StringBuilder(TLP_TYPES_HEADER + " (hex as GTKWave shows them)\n0 idle\n");
        for (org.virtiosim.pcie.tlp.TlpType type : org.virtiosim.pcie.tlp.TlpType.values()) {
            t.append(Integer.toHexString(type.ordinal() + 1).toUpperCase(java.util.Locale.ROOT)).append(' ').append(type.name()).append('\n');
        }
        OutputPlan.write(out.tlpTypes(), t.toString());
        // The firmware cores' handler codes as the handlers' names, the same way.
        Path handlers = file.resolveSibling(FW_HANDLERS);
        StringBuilder h = new StringBuilder(FW_HANDLERS_HEADER + " (hex as GTKWave shows them)\n");
        List<String> names = org.virtiosim.device.firmware.FirmwareRuntime.handlerNames();
        for (int code = 0; code < names.size(); code++) {
            h.append(Integer.toHexString(code).toUpperCase(java.util.Locale.ROOT)).append(' ').append(names.get(code)).append('\n');
        }
        OutputPlan.write(out.fwHandlers(), h.toString());
        java.util.Map<String, Path> filtersByName = new java.util.HashMap<>();
        for (Probe p : chosen) {
            if (p.name().equals("tlp_type")) {
                filtersByName.put(p.path(), types);
            } else if (p.name().equals("handler") && FIRMWARE_CORE.matcher(p.owner().path()).matches()) {
                filtersByName.put(p.path(), handlers);
            }
        }
        OutputPlan.write(out.gtkw(), GtkwSaveFile.text(gtkwFor(file), file, chosen, texts, filtersByName, view));
    }

    /** The component a firmware core's signals sit in: {@code tb.device.firmware.core0}. */
    private static final java.util.regex.Pattern FIRMWARE_CORE = java.util.regex.Pattern.compile(".*\\.firmware\\.core[0-9]+");

    static Path gtkwFor(Path vcdFile) {
        String name = vcdFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return vcdFile.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".gtkw");
    }

    /** Runs traced when --vcd was given, plain otherwise; says where the files went on {@code err} once they are in place. */
    RunResult run(Supplier<Testbench> tb, long seed, String name, String suffix, PrintWriter err) {
        return run(tb, seed, name, suffix, line -> plan.announce(err, line));
    }

    /** Runs traced when --vcd was given, plain otherwise; {@code said} hears the line saying where the files went. */
    RunResult run(Supplier<Testbench> tb, long seed, String name, String suffix, java.util.function.Consumer<String> said) {
        Testbench t = tb.get();
        return enabled() ? runTraced(t, seed, name, fileFor(suffix), said) : t.run(name);
    }
}
