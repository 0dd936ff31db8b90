package org.virtiosim.testbench.cli;

import org.virtiosim.testbench.study.RunPool;
import picocli.CommandLine.Option;

/**
 * {@code --threads N}, shared by compare, sensitivity and claims: how many runs are carried out at
 * once ({@link RunPool}). The output is the same bytes whatever N.
 */
final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "N", description = {"runs carried out at once, 1.." + RunPool.MAX_THREADS
        + " (default: the cores, here ${DEFAULT-VALUE}; 1: one after another);",
        "fewer if they would not fit in the heap: a run of V VFs is reckoned at " + (RunPool.BYTES_PER_RUN >> 20) + " MiB + "
            + (RunPool.BYTES_PER_VF >> 10) + " KiB x V,",
        "and runs at once take at most " + RunPool.HEAP_PERCENT + "%% of the JVM's maximum heap (VIRTIO_SIM_XMX).",
        "The output is the same bytes whatever N"})
    long threads = Runtime.getRuntime().availableProcessors();

    /** The pool the option asks for; a one-line UsageException when N is out of range. */
    RunPool pool() {
        return RunPool.of((int) BenchCommand.inRange("--threads", threads, 1, RunPool.MAX_THREADS));
    }
}
