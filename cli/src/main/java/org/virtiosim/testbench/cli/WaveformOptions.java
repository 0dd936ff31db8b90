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
import org.virtiosim.core.param.NumberText;
import org.virtiosim.core.component.Tracing;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.compare.Testbench;
import org.virtiosim.waveforms.GtkwSaveFile;
import org.virtiosim.waveforms.VcdOptions;
import org.virtiosim.waveforms.VcdTraceSink;
import picocli.CommandLine.Option;

/** {@code --vcd} and its companions, shared by every command that simulates. */
final class WaveformOptions {
    /** $date of every VCD: fixed, so the same inputs give byte-identical files (no wall clock in them). */
    static final String VCD_DATE = "virtio-sim (no wall-clock date: same inputs, same file)";

    @Option(names = "--vcd", paramLabel = "FILE", description = "write a VCD waveform (and a GTKWave .gtkw beside it)")
    Path vcd;
    @Option(names = "--trace-filter", split = ",", paramLabel = "GLOB",
            description = "only signals whose hierarchical name matches, e.g. tb.link.*,tb.device.vf1.*")
    List<String> filters = new ArrayList<>();
    @Option(names = "--trace-window", paramLabel = "FROM..TO", description = "only changes in this window, ns")
    String window;
    @Option(names = "--vcd-max-mb", paramLabel = "N", description = "stop tracing cleanly at this size (default ${DEFAULT-VALUE} MiB)")
    long maxMb = 1024;
    @Option(names = "--trace-clocks", description = "also trace the device clock (off by default: it dominates file size)")
    boolean clocks;

    private long fromPs;
    private long toPs = Long.MAX_VALUE;

    /** Checks the options; throws UsageException with one line on bad input. */
    void validate() {
        if (maxMb < 1 || maxMb > 1 << 20) {
            throw new UsageException("--vcd-max-mb must be 1..1048576, got " + maxMb);
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
        ReportOption.checkDirectory("--vcd", vcd);
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

    /** Runs the testbench with a VCD of the chosen signals; says where the files went on {@code err}. */
    RunResult runTraced(Testbench tb, long seed, String name, Path file, PrintWriter err) {
        Tracing tracing = tb.trace(seed, clocks);
        List<Probe> chosen = choose(tracing);
        VcdTraceSink sink;
        try {
            sink = VcdTraceSink.open(file, chosen, options());
        } catch (IOException e) {
            throw new UsageException("--vcd " + file + ": " + e.getMessage());
        }
        Thread onCtrlC = new Thread(sink::close, "vcd-close");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        RunResult r;
        try {
            sink.attachTo(tracing);
            r = tb.run(name);
        } finally {
            sink.close();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it closes the same sink, which is idempotent
            }
        }
        writeGtkw(file, chosen);
        Path gtkw = gtkwFor(file);
        err.printf("%s: %s (%d signals, %d changes published, %d written, %d bytes%s), GTKWave: %s%n", name, file, chosen.size(),
                sink.published(), sink.written(),
                sink.bytes(), sink.capped() ? "; stopped at --vcd-max-mb " + maxMb : "", gtkw);
        return r;
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
                                     List<org.virtiosim.pcie.link.Link> links, PrintWriter err) throws IOException {
        {
            org.virtiosim.core.component.Component tb = org.virtiosim.core.component.Component.root(kernel, "tb", 1);
            for (int i = 0; i < links.size(); i++) {
                org.virtiosim.core.component.Component l = tb.child(i == 0 ? "link" : "link" + i);
                links.get(i).downstream().trace(l.child("down"));
                links.get(i).upstream().trace(l.child("up"));
            }
            Path file = fileFor(suffix);
            List<Probe> chosen = choose(tb.tracing());
            VcdTraceSink sink = VcdTraceSink.open(file, chosen, options());
            sink.attachTo(tb.tracing());
            return () -> {
                sink.close();
                writeGtkw(file, chosen);
                err.printf("%s: %s (%d signals, %d changes published, %d written, %d bytes%s)%n", suffix, file, chosen.size(),
                        sink.published(), sink.written(), sink.bytes(), sink.capped() ? "; stopped at --vcd-max-mb " + maxMb : "");
            };
        }
    }

    private List<Probe> choose(Tracing tracing) {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String f : filters) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + f));
        }
        List<Probe> chosen = new ArrayList<>();
        for (Probe p : tracing.probes()) {
            if (matchers.isEmpty() || matchers.stream().anyMatch(m -> m.matches(Path.of(p.path())))) {
                chosen.add(p);
            }
        }
        if (chosen.isEmpty()) {
            throw new UsageException("--trace-filter matches no signal (names look like tb.link.down.tlp_type, tb.device.vf1.status)");
        }
        return chosen;
    }

    private VcdOptions options() {
        return VcdOptions.defaults().withDate(VCD_DATE).withWindow(fromPs, toPs).withMaxBytes(maxMb << 20);
    }

    private void writeGtkw(Path file, List<Probe> chosen) {
        try {
            // TLP types as text in GTKWave: a translate filter file beside the VCD.
            Path types = file.resolveSibling("tlp_types.txt");
            StringBuilder t = new StringBuilder("# tlp_type values of virtio-sim waveforms (hex as GTKWave shows them)\n0 idle\n");
            for (org.virtiosim.pcie.tlp.TlpType type : org.virtiosim.pcie.tlp.TlpType.values()) {
                t.append(Integer.toHexString(type.ordinal() + 1).toUpperCase(java.util.Locale.ROOT)).append(' ').append(type.name()).append('\n');
            }
            java.nio.file.Files.writeString(types, t.toString());
            java.util.Map<String, Path> filtersByName = new java.util.HashMap<>();
            for (Probe p : chosen) {
                if (p.name().equals("tlp_type")) {
                    filtersByName.put(p.path(), types);
                }
            }
            GtkwSaveFile.write(gtkwFor(file), file, chosen, filtersByName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path gtkwFor(Path vcdFile) {
        String name = vcdFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return vcdFile.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".gtkw");
    }

    /** Runs traced when --vcd was given, plain otherwise. */
    RunResult run(Supplier<Testbench> tb, long seed, String name, String suffix, PrintWriter err) {
        Testbench t = tb.get();
        return enabled() ? runTraced(t, seed, name, fileFor(suffix), err) : t.run(name);
    }
}
