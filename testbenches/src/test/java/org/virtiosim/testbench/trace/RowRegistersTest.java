package org.virtiosim.testbench.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RowRegistersTest {
    @Test
    void deviceConfigIsNamedAtTheOffsetTheMsixStateOfTheRowsBeforeLeftIt() throws TraceException {
        Trace t = new TraceReader(TraceReader.VIRTIO_NET_MSIX_CONFIG_END).read("t.csv", ("op,offset,size,value\nR,0x00,4,\nR,0x14,1,\n"
                + "R,0x1a,2,\nMSIX,,,1\nR,0x14,2,\nR,0x19,1,\nR,0x20,2,\nR,0x13,1,\n").getBytes(StandardCharsets.UTF_8));
        RowRegisters names = new RowRegisters(t);
        assertThat(t.rows().stream().filter(r -> r.op() != TraceRow.Op.MSIX).map(names::of)).containsExactly("host features", "mac[0]",
                "status", "config vector", "mac[1]", "max_virtqueue_pairs", "ISR status");
    }
}
