package org.virtiosim.device;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.param.Param;
import org.virtiosim.device.firmware.FirmwareRequester;

/**
 * What carries out a legacy register access (or an admin command) once it has reached the device:
 * hardware — registers and a command engine in device logic, answering in fixed cycles — or
 * firmware, which takes each one on a firmware core. One value applies to every scheme alike
 * (DESIGN.md's fairness rules): the schemes differ in how an access travels, not in who serves it.
 */
public enum Backing {
    HARDWARE, FIRMWARE;

    /**
     * The one backing of a run. Default firmware, argued in docs/parameters.md: the legacy interface
     * is a compatibility path for old guests (probe, reset, configuration; never the data path), the
     * devices the May 2023 thread argues about serve the virtio control path with firmware cores,
     * and keeping thousands of VFs' legacy state in fast registers is the cost the thread disputes.
     */
    public static final Param<Backing> PARAM = Param.choice("backing", FIRMWARE,
            "what serves a legacy access or admin command in the device, for every scheme",
            "design choice: firmware (a control path; hardware registers per VF are the disputed cost); compare both with --backing")
            .studyEveryValue("both designs are built: the legacy state in logic, or firmware serving each access");

    /**
     * Carries out one legacy register access of VF {@code vf}: in logic, {@code registerCycles}
     * later, {@code done.handle(request)}; in firmware, the firmware program's {@code onLegacyAccess}
     * on a core, and then {@code requester} is given its answer. {@code value} is a write's data.
     */
    public void legacyAccess(DeviceContext device, FirmwareRequester requester, int vf, boolean write, int offset, int size,
                             long value, Handler done, long request) {
        if (this == HARDWARE) {
            device.kernel().scheduleIn(device.timing().ps(device.timing().registerCycles()), done, request);
        } else {
            device.firmware().legacyAccess(requester, request, vf, write, offset, size, value);
        }
    }
}
