package org.virtiosim.testbench.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.virtiosim.testbench.trace.TraceException;
import org.virtiosim.testbench.trace.TraceReader;
import org.virtiosim.testbench.trace.qemu.QemuLogException;
import org.virtiosim.testbench.trace.qemu.QemuTraceImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code virtio-sim import qemu-trace LOG}: a captured guest's legacy accesses as a trace replay runs (docs/real-guests.md). */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Turn a capture of a real guest into a virtio-sim trace (docs/real-guests.md).",
        subcommands = ImportCommand.QemuTrace.class)
final class ImportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new UsageException("say what to import: virtio-sim import qemu-trace LOG");
    }

    @Command(name = "qemu-trace", mixinStandardHelpOptions = true,
            description = {"Import a QEMU trace log (-trace events with memory_region_ops_read, memory_region_ops_write",
                "and pci_cfg_write, log backend) as a trace: the guest's accesses to one legacy virtio I/O BAR",
                "(region virtio-pci), offsets from BAR0, every read expecting the value QEMU returned; MSIX rows where",
                "the guest set or cleared MSI-X Enable; isa-debugcon lines as '# marker:' comments (replay's phases)."})
    static final class QemuTrace implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "LOG", description = "the QEMU trace log")
        Path log;
        @Option(names = "--device", paramLabel = "BB:DD.F", description = "the virtio function to import, when the log has several")
        String device;
        @Option(names = "--out", paramLabel = "FILE.csv", description = "write the trace here (default: standard output)")
        Path out;

        @Override
        public Integer call() throws Exception {
            return OutputPlan.execute(this::run);
        }

        private int run(OutputPlan plan) {
            if (!Files.isRegularFile(log)) {
                throw new UsageException(log + ": no such file");
            }
            plan.input("LOG " + log, log);
            Output csv = plan.optional("--out", out, "csv");
            QemuTraceImport.Result r;
            try {
                r = QemuTraceImport.read(log, device);
            } catch (QemuLogException e) {
                throw new UsageException(e.getMessage());
            }
            byte[] bytes = r.csv().getBytes(StandardCharsets.UTF_8);
            String name = out == null ? "(the imported trace)" : out.getFileName().toString();
            try {
                new TraceReader(TraceReader.VIRTIO_NET_MSIX_CONFIG_END).read(name, bytes);
            } catch (TraceException e) {
                throw new UsageException("the import of " + log.getFileName() + " is no trace the simulator can replay ("
                        + r.device() + " at " + r.bdf() + "): " + e.getMessage());
            }
            if (csv == null) {
                spec.commandLine().getOut().print(r.csv());
                spec.commandLine().getOut().flush();
            } else {
                OutputPlan.write(csv, r.csv());
            }
            String line = String.format(java.util.Locale.ROOT, "import: %s %s: %d rows (%d reads: %d checked, %d of ISR unchecked; %d MSIX), %d markers%s",
                    r.bdf(), r.device(), r.rows(), r.reads(), r.reads() - r.uncheckedReads(), r.uncheckedReads(), r.msixRows(), r.markers(), out == null ? "" : ", into " + out);
            if (csv == null) {
                spec.commandLine().getErr().println(line);
            } else {
                csv.announce(spec.commandLine().getErr(), line);
            }
            return Main.EXIT_OK;
        }
    }
}
