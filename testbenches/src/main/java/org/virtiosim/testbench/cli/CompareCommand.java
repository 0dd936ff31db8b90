package org.virtiosim.testbench.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The main job. The device model and the schemes it compares come with a later issue (#5). */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare the legacy-access schemes (mmio, indirect, aq) on a scenario. Not built yet.")
final class CompareCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println(
                "virtio-sim compare: not built yet: the device model and the three schemes are still to come "
                        + "(kernel benchmarks: ./virtio-sim bench phold | clocked)");
    }
}
