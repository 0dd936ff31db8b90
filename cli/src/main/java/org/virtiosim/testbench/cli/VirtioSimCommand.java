package org.virtiosim.testbench.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

@Command(name = "virtio-sim",
        mixinStandardHelpOptions = true,
        versionProvider = VirtioSimCommand.Version.class,
        usageHelpAutoWidth = true,
        description = {
            "Cycle-level simulator of a virtio PCI device with SR-IOV: how a hypervisor",
            "reaches the legacy registers of a VF without an I/O BAR (virtio-sim list names the schemes)."},
        subcommands = {CompareCommand.class, ReplayCommand.class, SweepCommand.class, SensitivityCommand.class, ClaimsCommand.class, MergeCommand.class, ListCommand.class, ImportCommand.class,
            BenchCommand.class, CompletionCommand.class})
final class VirtioSimCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = VirtioSimCommand.class.getPackage().getImplementationVersion();
            return new String[] {"virtio-sim " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
