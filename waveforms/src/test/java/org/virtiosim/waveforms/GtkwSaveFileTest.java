package org.virtiosim.waveforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    @Test
    void theViewOpensOnItsSpanInAUsableWindowWithTheMarkerAndTextSignalsFirst() {
        Kernel k = new Kernel();
        Component tb = Component.root(k, "tb", 1);
        Component down = tb.child("link").child("down");
        Probe type = down.probe("tlp_type", 4);
        Probe tag = down.probe("tlp_tag", 10);
        var tlp = down.text("tlp", (v, out) -> out.append(v[0]), type, tag);
        Probe vf1 = tb.child("vf1").probe("status", 8);
        Probe vf2 = tb.child("vf2").probe("status", 8);
        Probe vf12 = tb.child("vf12").probe("status", 8);
        GtkwSaveFile.View view = GtkwSaveFile.View.of(37_000_000, 47_000_000).withMarker(42_000_000, "VF 3 read mismatch")
                .withClosed(path -> path.matches(".*\\.vf([2-9]|[1-9][0-9]+)"));
        String text = GtkwSaveFile.text(dir.resolve("r.gtkw"), dir.resolve("r.vcd"), List.of(type, tag, vf1, vf2, vf12),
                List.of(tlp), Map.of(), view);
        List<String> lines = text.lines().toList();

        assertThat(lines).contains("[timestart] 37000000", "[size] 1400 900", "[pos] 0 0", "[markername] AVF 3 read mismatch");
        String star = lines.stream().filter(l -> l.startsWith("*")).findFirst().orElseThrow();
        String[] f = star.substring(1).split(" ");
        // zoom, primary marker, then the 26 named markers (A is the problem, the rest unset)
        assertThat(f).hasSize(2 + 26);
        assertThat(f[1]).isEqualTo("42000000");
        assertThat(f[2]).isEqualTo("42000000");
        assertThat(List.of(f).subList(3, f.length)).containsOnly("-1");
        // GTKWave shows 2^-zoom ps per 200 px: the 10 us span must fill the wave pane (1400 - 200 - 300 - 100 px).
        double psPerPixel = Math.pow(2, -Double.parseDouble(f[0])) / 200;
        assertThat(psPerPixel * 800).isCloseTo(10_000_000, org.assertj.core.data.Offset.offset(10.0));
        // the text signal heads its group, as a string trace
        assertThat(lines.subList(lines.indexOf("-tb.link.down") + 1, lines.indexOf("-tb.link.down") + 5))
                .containsExactly("@800", "tb.link.down.tlp", "@22", "tb.link.down.tlp_type[3:0]");
        // groups with text first, then the rest in order
        assertThat(lines.stream().filter(l -> l.startsWith("-")).distinct())
                .containsExactly("-tb.link.down", "-tb.vf1", "-tb.vf2", "-tb.vf12");
        assertThat(GtkwSaveFile.text(dir.resolve("r.gtkw"), dir.resolve("r.vcd"), List.of(vf1, type, tag), List.of(tlp), Map.of(), view)
                .lines().filter(l -> l.startsWith("-")).distinct()).containsExactly("-tb.link.down", "-tb.vf1");
        // VF 1 open, the others closed (one line each until opened)
        assertThat(lines.get(lines.indexOf("-tb.vf1") - 1)).isEqualTo("@800200");
        assertThat(lines.get(lines.indexOf("-tb.vf2") - 1)).isEqualTo("@c00200");
        assertThat(lines.get(lines.indexOf("-tb.vf12") - 1)).isEqualTo("@c00200");
        assertThat(lines.get(lines.lastIndexOf("-tb.vf12") - 1)).isEqualTo("@1401200");
    }

    @Test
    void aViewNeedsASpanAndAWavePane() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GtkwSaveFile.View.of(5, 5)).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GtkwSaveFile.View(0, 5, -1, null, 500, 900, p -> false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no wave pane");
        // a span shorter than GTKWave's finest zoom is shown at that zoom (0), never beyond
        assertThat(GtkwSaveFile.View.of(0, 1).zoom()).isZero();
    }
}
