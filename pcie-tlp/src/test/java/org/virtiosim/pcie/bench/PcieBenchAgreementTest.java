package org.virtiosim.pcie.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.virtiosim.pcie.link.DllpPolicy;
import org.virtiosim.pcie.link.LinkConfig;
import org.virtiosim.pcie.link.LinkGeneration;

/**
 * Simulated DMA bandwidth against the pcie-bench analytic model (Neugebauer et al., SIGCOMM 2018):
 * within 3% for Gen3 x8, Gen4 x16 and Gen5 x16, MPS 256, MRRS 512, sizes 64 to 4096, write,
 * read and bidirectional, with the default DLLP policy.
 */
class PcieBenchAgreementTest {
    static List<Object[]> cases() {
        List<Object[]> c = new ArrayList<>();
        int[][] links = {{3, 8}, {4, 16}, {5, 16}};
        for (int[] gl : links) {
            for (Direction d : Direction.values()) {
                for (int size : new int[] {64, 128, 256, 512, 1024, 2048, 4096}) {
                    c.add(new Object[] {gl[0], gl[1], d, size});
                }
            }
        }
        return c;
    }

    @ParameterizedTest(name = "gen{0} x{1} {2} {3} B")
    @MethodSource("cases")
    void simulatedBandwidthIsWithinThreePercentOfTheModel(int gen, int lanes, Direction dir, int size) {
        LinkConfig cfg = new LinkConfig(LinkGeneration.of(gen), lanes, 256, DllpPolicy.PCIE_BENCH, 100_000);
        BandwidthResult r = new DmaStreamBench(cfg, 512, dir).run(size, DmaStreamBench.transfersFor(size) / 4);
        double model = switch (dir) {
            case WRITE -> PcieBenchModel.writeGbps(cfg, size);
            case READ -> PcieBenchModel.readGbps(cfg, 512, size);
            case BIDIR -> PcieBenchModel.bidirGbps(cfg, 512, size);
        };
        assertThat(r.gbps()).as("simulated %s Gb/s vs model %s Gb/s", r.gbps(), model)
                .isCloseTo(model, org.assertj.core.data.Percentage.withPercentage(3));
        assertThat(r.tlps()).isPositive();
    }
}
