package org.virtiosim.testbench.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;
import java.util.concurrent.Callable;
import org.virtiosim.core.bench.BenchResult;
import org.virtiosim.core.bench.ClockedWorkload;
import org.virtiosim.core.bench.ModelPattern;
import org.virtiosim.core.bench.Phold;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks: the kernel (phold, clocked, model-pattern) and the PCIe model (pcie-bw, pcie-lat, dma-lat).",
            "phold and clocked are the workloads of ../shared/bench/SPEC.md; model-pattern is bench/MODEL-PATTERN.md."},
        subcommands = {BenchCommand.PholdCommand.class, BenchCommand.ClockedCommand.class, BenchCommand.ModelPatternCommand.class, PcieBwCommand.class, PcieLatCommand.class,
            DmaLatCommand.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code --warmup K}, shared by the kernel workloads. */
    static final class Warmup {
        @Option(names = "--warmup", paramLabel = "K", description = "uncounted runs first, same JVM (default ${DEFAULT-VALUE})")
        long runs = 0;

        /** Runs K uncounted warm-up runs on fresh models, then the counted one; prints the spec's line. */
        int run(PrintWriter out, Supplier<BenchResult> fresh) {
            int k = (int) inRange("--warmup", runs, 0, 1000);
            for (int i = 0; i < k; i++) {
                fresh.get();
            }
            BenchResult r = fresh.get();
            out.println(r.line(k > 0 ? "virtio-sim-warm" + k : "virtio-sim"));
            return Main.EXIT_OK;
        }
    }

    /** A VF count the address map can give Routing IDs ({@link org.virtiosim.device.AddressMap#requireVfs}), or one line naming the limit and why. */
    static int vfs(String option, long value) {
        return UsageException.check(option, () -> org.virtiosim.device.AddressMap.requireVfs(value));
    }

    static long inRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UsageException(option + " must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    @Command(name = "phold", mixinStandardHelpOptions = true,
            description = "PHOLD: N LPs, M initial events each, run to time T (1 tick = 1 ns). "
                    + "Quick test: --t 200 gives events=95607 checksum=10071213310004.")
    static final class PholdCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--n", description = "logical processes (default ${DEFAULT-VALUE})")
        long n = 1024;
        @Option(names = "--m", description = "initial events per LP (default ${DEFAULT-VALUE})")
        long m = 16;
        @Option(names = "--t", description = "end time in ticks (default ${DEFAULT-VALUE})")
        long t = 30000;
        @Mixin
        Warmup warmup;

        @Override
        public Integer call() {
            int lps = (int) inRange("--n", n, 1, 1 << 24);
            int per = (int) inRange("--m", m, 1, 1 << 16);
            inRange("--n x --m", n * m, 1, 1 << 27);
            long end = inRange("--t", t, 1, 1_000_000_000_000L);
            return warmup.run(spec.commandLine().getOut(), () -> new Phold(lps, per, end).run());
        }
    }

    @Command(name = "clocked", mixinStandardHelpOptions = true,
            description = "CLOCKED: N clocked modules for C cycles of a 2 ns clock. "
                    + "Quick test: --c 20 gives events=81920 checksum=10977651319929683968.")
    static final class ClockedCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--n", description = "modules (default ${DEFAULT-VALUE})")
        long n = 4096;
        @Option(names = "--c", description = "cycles (default ${DEFAULT-VALUE})")
        long c = 40000;
        @Mixin
        Warmup warmup;

        @Override
        public Integer call() {
            int mods = (int) inRange("--n", n, 1, 1 << 24);
            long cycles = inRange("--c", c, 1, 1_000_000_000_000L);
            return warmup.run(spec.commandLine().getOut(), () -> new ClockedWorkload(mods, cycles).run());
        }
    }

    @Command(name = "model-pattern", mixinStandardHelpOptions = true,
            description = "MODEL-PATTERN: N chains with the recorded delays and timeouts of a 4096-VF compare, run to T ps "
                    + "(bench/MODEL-PATTERN.md). Quick test: --t 20000000 gives events=294141 checksum=1223161789405702729.")
    static final class ModelPatternCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--n", description = "chains (default ${DEFAULT-VALUE})")
        long n = 4096;
        @Option(names = "--t", description = "end time in ps (default ${DEFAULT-VALUE})")
        long t = 3_000_000_000L;
        @Mixin
        Warmup warmup;

        @Override
        public Integer call() {
            int chains = (int) inRange("--n", n, 1, 1 << 24);
            long end = inRange("--t", t, 1, 1_000_000_000_000_000L);
            return warmup.run(spec.commandLine().getOut(), () -> new ModelPattern(chains, end).run());
        }
    }
}
