package org.virtiosim.waveforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtiosim.core.component.Component;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.kernel.Kernel;

class GtkwSaveFileTest {
    @TempDir
    Path dir;

    @Test
    void namesTheDumpAndEverySignalOnceGroupedByComponent() throws Exception {
        Kernel k = new Kernel();
        Component tb = Component.root(k, "tb", 1);
        Component up = tb.child("link").child("up");
        Component dev = tb.child("dev");
        Probe type = up.probe("tlp_type", 8);
        Probe hdr = dev.probe("hdr", 64);
        Probe valid = up.probe("valid", 1);
        Probe clk = tb.probe("clk", 1);
        List<Probe> probes = List.of(type, hdr, valid, clk);
        Path vcd = dir.resolve("run.vcd");
        Path gtkw = dir.resolve("run.gtkw");
        GtkwSaveFile.write(gtkw, vcd, probes);
        List<String> lines = Files.readAllLines(gtkw);

        assertThat(lines).contains("[dumpfile] \"" + vcd.toAbsolutePath() + "\"");
        for (String name : List.of("tb.link.up.tlp_type[7:0]", "tb.dev.hdr[63:0]", "tb.link.up.valid", "tb.clk")) {
            assertThat(lines.stream().filter(name::equals)).as(name).hasSize(1);
        }
        // Each group: @800200, -component, (format, signal)..., @1000200, -component
        assertThat(lines.subList(lines.indexOf("[timestart] 0") + 1, lines.size())).containsExactly(
                "@800200", "-tb.link.up",
                "@22", "tb.link.up.tlp_type[7:0]",
                "@28", "tb.link.up.valid",
                "@1000200", "-tb.link.up",
                "@800200", "-tb.dev",
                "@22", "tb.dev.hdr[63:0]",
                "@1000200", "-tb.dev",
                "@800200", "-tb",
                "@28", "tb.clk",
                "@1000200", "-tb");
    }
}
