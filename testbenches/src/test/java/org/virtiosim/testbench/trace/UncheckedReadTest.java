package org.virtiosim.testbench.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.study.Study;

/** An R row whose value is {@code ?}: made, not compared, and counted apart. */
class UncheckedReadTest {
    private static Trace parse(String text) throws TraceException {
        return new TraceReader(TraceReader.VIRTIO_NET_MSIX_CONFIG_END).read("t.csv", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aQuestionMarkIsAnUncheckedRead() throws Exception {
        Trace t = parse("op,offset,size,value,vf\nR,0x13,1,?,\nR,0x12,1,0,\nR,0x13,1,,\nR,0x13,1,?,2\n");
        TraceRow isr = t.get(0);
        assertThat(isr.unchecked()).isTrue();
        assertThat(isr.hasExpected()).isFalse();
        assertThat(t.get(1).unchecked()).isFalse();
        assertThat(t.get(2).unchecked()).as("an empty value is no expectation, not a marked one").isFalse();
        assertThat(t.reads(4, false)).as("two rows of every VF's and VF 2's").isEqualTo(4 + 1);
        assertThat(t.reads(4, true)).isEqualTo(4);
    }

    @Test
    void aWriteCannotBeUnchecked() {
        assertThatThrownBy(() -> parse("op,offset,size,value\nW,0x12,1,?\n"))
                .hasMessage("t.csv:2: field 'value': '?' (unchecked) is for an R row; a W row needs the value written");
    }

    @Test
    void anUncheckedReadIsMadeButNeverAMismatch() throws Exception {
        // Host features are 0x30070020: the marked read is not compared, the one expecting 0 is.
        Trace t = parse("op,offset,size,value\nR,0x13,1,?\nR,0x00,4,?\nR,0x00,4,0\n");
        var r = Study.of("t", t, CompareConfig.defaults(2)).schemes(List.of(org.virtiosim.device.catalog.Catalog.SCHEMES.require("mmio")))
                .notifyRoutes(List.of()).build().run().schemes().get(0);
        assertThat(r.mismatches()).as("the row expecting 0, on each of the 2 VFs").isEqualTo(2);
        assertThat(r.accesses()).as("every row is an access on each VF").isEqualTo(3 * 2);
    }
}
