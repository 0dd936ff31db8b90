package org.virtiosim.device.host;

import java.util.function.Supplier;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.device.isolation.IsolationMonitor;
import org.virtiosim.pcie.host.RootComplex;
import org.virtiosim.pcie.sriov.SriovLayout;

/**
 * What the host side offers a scheme's or a notify route's host half: the kernel, the root
 * complex (CPU MMIO, configuration and I/O requests, host memory), where the VFs sit, and the
 * hypervisor's costs.
 */
public interface HostContext {
    Kernel kernel();

    RootComplex rootComplex();

    SriovLayout layout();

    HostTiming timing();

    /**
     * The run's isolation check ({@link IsolationMonitor}): a host half tags there what the device
     * cannot learn from a TLP, the VF an admin command was built for.
     */
    IsolationMonitor isolation();

    /** The one instance of {@code type} on this host, made on first use (what two host halves share). */
    <T> T shared(Class<T> type, Supplier<T> make);
}
