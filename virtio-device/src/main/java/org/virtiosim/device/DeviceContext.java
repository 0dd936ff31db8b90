package org.virtiosim.device;

import java.util.function.Supplier;
import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.device.doorbell.DoorbellSteering;
import org.virtiosim.device.firmware.FirmwareCores;
import org.virtiosim.device.firmware.FirmwareRuntime;
import org.virtiosim.device.isolation.IsolationMonitor;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.device.legacy.WriteEffect;
import org.virtiosim.pcie.link.LinkDirection;
import org.virtiosim.pcie.sriov.SriovLayout;
import org.virtiosim.pcie.txn.OutstandingRequests;

/**
 * What the device offers the device half of a scheme or a notify route: its port towards the
 * host, its shared services (reset, firmware, doorbell steering), each VF's legacy register state
 * and the BAR decode to install register blocks into. A half talks to the rest of the device only
 * through this, as a TLM or gem5 model does through its ports.
 */
public interface DeviceContext {
    Kernel kernel();

    DeviceTiming timing();

    /** Routing IDs and VF BAR placement. */
    SriovLayout layout();

    /** NumVFs in the PF's SR-IOV Extended Capability (PCIe §9.3.3.7). */
    int numVfs();

    /** VF Enable in the PF's SR-IOV Control register (PCIe §9.3.3.3.1): without it the VFs do not exist. */
    boolean vfEnable();

    /** VF {@code vf}'s legacy register state (1-based). */
    LegacyRegisterFile vf(int vf);

    /** The firmware program on the device's cores: where a firmware-backed half hands its requests. */
    FirmwareRuntime firmware();

    FirmwareCores cores();

    DoorbellSteering doorbells();

    /**
     * A block in a PF BAR decoded the request it is handling as acting on VF {@code vf} (a slot
     * of a PF notify area, a window of a PF aperture): the isolation check compares that with the VF
     * the host issued the request for. VF BAR and VF config requests are checked by the device itself.
     */
    void decodedFor(int vf);

    /** The isolation check's state, for a half that checks requests the TLP does not carry (admin commands). */
    IsolationMonitor isolation();

    /** Installs a block at [offset, offset + length) of {@code bar} (of every VF for a VF BAR). */
    void map(Bar bar, long offset, long length, Region region);

    /**
     * Installs a capability at [offset, offset + length) of every VF's configuration space, linked
     * into the VFs' capability lists: its CfgRd0s are given to {@code region} as reads of whole DWs
     * (answered, now or later, with {@link #complete}); its CfgWr0s as writes of their enabled
     * bytes, completed by the device as it accepts them.
     */
    void mapVfConfig(int offset, int length, Region region);

    /**
     * Applies a legacy write to a VF and acts on its effects: a reset starts the reset engine, a
     * queue notify goes through doorbell steering. Every scheme writes through here.
     */
    WriteEffect applyLegacyWrite(int vf, int offset, int size, long value);

    /** Calls {@code h.handle(arg)} when the VF's reset in progress finishes (at once if none is). */
    void whenResetDone(int vf, Handler h, long arg);

    /** Answers the read waiting in {@code slot} with {@code value} (little-endian bytes). */
    void complete(int slot, long value);

    /** The device's port towards the root complex, for a DMA engine's requests. */
    LinkDirection upstream();

    /** The device's DMA requester (tags, the Completion Timeout of its own reads); completions go to the listener. */
    OutstandingRequests enableDma(int tags, OutstandingRequests.Listener listener);

    /**
     * The one instance of {@code type} in this device, made by {@code make} on first use: what two
     * installers share (the aq scheme and the aq notify route drive the same admin queues).
     */
    <T> T shared(Class<T> type, Supplier<T> make);
}
