package org.virtiosim.pcie.bench;

import org.junit.jupiter.api.Test;
import org.virtiosim.pcie.host.HostModel;
import org.virtiosim.pcie.txn.DmaEngineTiming;

class TmpCalibPrint {
    @Test
    void print() {
        System.out.println("FIT " + DmaCalibration.fit(LatencyBench.CALIBRATION_LINK, HostModel.DEFAULT));
        for (LatencyAnchor a : new LatencyBench().run()) {
            System.out.println("ANCHOR " + a);
        }
        DmaCalibration c = new DmaCalibration();
        for (DmaCalibration.Row r : c.readLatency(DmaCalibration.readSizes())) {
            System.out.println("READ " + r + " " + r.errorPct());
        }
        for (DmaCalibration.Row r : c.writeThroughput(java.util.List.of(64, 128, 256, 512, 2048))) {
            System.out.println("WRITE " + r + " " + r.errorPct());
        }
        System.out.println("LINKONLY " + c.linkOnlyWriteGbps(64));
    }
}
