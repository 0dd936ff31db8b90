package org.virtiosim.testbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtiosim.testbench.cli.Main;

class SweepTest {
    private static int run(String... args) {
        return Main.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
    }

    @Test
    void pointsAreNumberedWithTheFirstDimensionSlowest() {
        LinkedHashMap<String, List<String>> d = new LinkedHashMap<>();
        d.put("vfs", List.of("1", "16"));
        d.put("scheme", List.of("mmio", "indirect", "aq"));
        Grid g = new Grid(d);
        assertThat(g.size()).isEqualTo(6);
        assertThat(g.point(0)).containsExactly(java.util.Map.entry("vfs", "1"), java.util.Map.entry("scheme", "mmio"));
        assertThat(g.point(4)).containsEntry("vfs", "16").containsEntry("scheme", "indirect");
        int[] perShard = new int[3];
        for (int i = 0; i < g.size(); i++) {
            for (int s = 0; s < 3; s++) {
                if (Grid.inShard(i, s, 3)) {
                    perShard[s]++;
                }
            }
        }
        assertThat(perShard).containsExactly(2, 2, 2);
    }

    @Test
    void threeShardsMergedEqualTheUnshardedSweepByteForByte(@TempDir Path dir) throws Exception {
        String[] grid = {"--vary", "vfs=1,4,16,32", "--vary", "link=gen3x8,gen5x16"};
        assertThat(run(concat(new String[] {"sweep", "--out", dir.resolve("full").toString()}, grid))).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(run(concat(new String[] {"sweep", "--out", dir.resolve("s" + i).toString(), "--shard", i + "/3"}, grid))).isZero();
        }
        assertThat(run("merge", dir.resolve("s0").toString(), dir.resolve("s1").toString(), dir.resolve("s2").toString(), "--out",
                dir.resolve("merged").toString())).isZero();
        for (String f : new String[] {SweepOutput.CSV, SweepOutput.JSON}) {
            assertThat(Files.readAllBytes(dir.resolve("merged").resolve(f))).isEqualTo(Files.readAllBytes(dir.resolve("full").resolve(f)));
        }
        List<String> lines = Files.readAllLines(dir.resolve("full").resolve(SweepOutput.CSV));
        assertThat(lines).hasSize(1 + 4 * 2 * org.virtiosim.device.catalog.Catalog.SCHEMES.all().size()); // scheme, not varied, takes every scheme
        assertThat(lines.get(0)).startsWith("schema_version,point,seed,scenario,vfs,link,scheme,firmware,accesses");
        assertThat(lines.subList(1, lines.size())).allMatch(l -> l.endsWith(",0")); // no mismatches
    }

    @Test
    void anInterruptedSweepResumesToTheSameResult(@TempDir Path dir) throws Exception {
        String[] grid = {"--vary", "vfs=1,8", "--vary", "aq_queues=1,2"};
        assertThat(run(concat(new String[] {"sweep", "--out", dir.resolve("full").toString()}, grid))).isZero();
        Path partial = dir.resolve("partial");
        assertThat(run(concat(new String[] {"sweep", "--out", partial.toString(), "--max-wall", "1ms"}, grid))).isZero();
        assertThat(run(concat(new String[] {"sweep", "--out", partial.toString()}, grid))).as("no silent overwrite").isEqualTo(2);
        assertThat(run(concat(new String[] {"sweep", "--out", partial.toString(), "--resume"}, grid))).isZero();
        assertThat(Files.readAllBytes(partial.resolve(SweepOutput.JSON))).isEqualTo(Files.readAllBytes(dir.resolve("full").resolve(SweepOutput.JSON)));
        assertThat(run(new String[] {"sweep", "--out", partial.toString(), "--resume", "--vary", "vfs=2"})).as("another grid").isEqualTo(2);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
