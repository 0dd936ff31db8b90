package org.virtiosim.testbench.trace;

import java.util.HashMap;
import java.util.Map;
import org.virtiosim.device.legacy.LegacyLayout;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.VirtioNetConfig;

/**
 * The legacy register each R/W row of a trace reaches, by name, for messages ("host features", "mac[2]"): the
 * header registers of virtio 0.9.5 and the virtio-net config fields (virtio 1.3, 5.1.4), with device config at
 * 0x14 or 0x18 as the rows before left MSI-X.
 */
public final class RowRegisters {
    private final Map<Integer, String> byLine = new HashMap<>();

    public RowRegisters(Trace trace) {
        boolean every = false;
        Map<Integer, Boolean> own = new HashMap<>();
        for (TraceRow r : trace.rows()) {
            if (r.op() == TraceRow.Op.MSIX) {
                if (r.vf() == 0) {
                    every = r.value() == 1;
                    own.clear();
                } else {
                    own.put(r.vf(), r.value() == 1);
                }
                continue;
            }
            byLine.put(r.line(), name(r.offset(), own.getOrDefault(r.vf(), every)));
        }
    }

    /** The register row {@code row} reaches, by name; its offset in hex for a row not in the trace. */
    public String of(TraceRow row) {
        return byLine.getOrDefault(row.line(), String.format("0x%02x", row.offset()));
    }

    static String name(int offset, boolean msixEnabled) {
        LegacyRegister r = LegacyRegister.covering(offset, msixEnabled);
        if (r != null) {
            return r.label();
        }
        int field = offset - LegacyLayout.deviceConfigStart(msixEnabled);
        if (field >= VirtioNetConfig.MAC_OFFSET && field < VirtioNetConfig.MAC_OFFSET + VirtioNetConfig.MAC_BYTES) {
            return "mac[" + (field - VirtioNetConfig.MAC_OFFSET) + "]";
        }
        if (field == VirtioNetConfig.STATUS_OFFSET) {
            return "status";
        }
        if (field == VirtioNetConfig.MAX_VIRTQUEUE_PAIRS_OFFSET) {
            return "max_virtqueue_pairs";
        }
        return "device config +" + field;
    }
}
