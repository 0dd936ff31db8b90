package org.virtiosim.device.scheme;

import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.LegacyAccessPath;

/**
 * One way for a hypervisor to reach a VF's legacy (virtio 0.9.5) registers: a plug-in. Each
 * scheme is one package holding its device half (the register blocks it installs in the device's
 * BARs), its host half (how the hypervisor carries out one trapped access with it), its own knobs
 * and its device-cost figures. The catalog lists them; the CLI, scenario files, sweeps, reports,
 * the regression kit and the docs read them from there.
 */
public interface LegacyScheme {
    /** The id users name it by ({@code mmio}, {@code indirect}, ...). */
    String id();

    /** One line: how one legacy access reaches the device. */
    String description();

    /** Its own parameters, declared in its package. */
    List<Param<?>> knobs();

    /**
     * Whether the guest's legacy register accesses trap to the hypervisor (a VM exit each, served
     * by a host CPU, then the host half), as with every scheme that emulates the legacy I/O BAR.
     * False for a scheme whose registers the guest reaches itself through a BAR mapped into it
     * ({@code mmio-direct}): the host half then stands for the guest CPU's own load or store, with
     * no VM exit. Queue notifies and MSI-X toggles go their own way, trapped, whatever this says.
     */
    default boolean trapped() {
        return true;
    }

    /** Installs the device half into {@code device}; what it returns is traced and checked. */
    DeviceHalf install(DeviceContext device, ParamValues params);

    /** The host half, on the host side of the link. */
    LegacyAccessPath host(HostContext host, ParamValues params);

    /**
     * What the device must hold for this scheme with {@code numVfs} VFs, each VF's legacy register
     * state being {@code stateBytes} bytes, and where it must live ({@link DeviceCost#of}).
     */
    DeviceCost cost(ParamValues params, int numVfs, int stateBytes);
}
