package org.virtiosim.pcie.bench;

import java.util.List;

/**
 * Measurements from the pcie-bench data set (R. Neugebauer et al., "Understanding PCIe
 * performance for end host networking", SIGCOMM 2018; github.com/pcie-bench/data, commit
 * b2abf2f7), system {@code nfp6000-1.2GHz_hsw-Xeon-E5-2620v3_dell-t630}: a Netronome NFP6000
 * on PCIe Gen3 x8 (MPS 256, MRRS 512 per its sys-lspci.txt), host buffers cache-warm, no IOMMU.
 * The device's DMA engine is calibrated against these ({@code virtio-sim bench dma-lat}).
 */
public final class PcieBenchData {
    /** A measured figure at one transfer size. */
    public record Point(int sizeBytes, double value) {
    }

    /** The system the figures come from. */
    public static final String SYSTEM = "pcie-bench data set, nfp6000-1.2GHz_hsw-Xeon-E5-2620v3_dell-t630 (Gen3 x8)";

    /**
     * DMA read latency, median ns, one request outstanding, sequential 8 KB window, warm cache:
     * lat_dma_sizes.txt, LAT_DMA_RD rows, column Med(ns).
     */
    public static final List<Point> READ_LATENCY_NS = List.of(
            new Point(4, 533), new Point(8, 533), new Point(16, 546), new Point(24, 546), new Point(32, 546),
            new Point(48, 560), new Point(64, 546), new Point(128, 573), new Point(256, 626), new Point(512, 706),
            new Point(768, 786), new Point(1024, 853), new Point(1280, 933), new Point(1520, 986), new Point(2048, 1133));

    /**
     * DMA write throughput, Gb/s, random 8 KB window, warm cache: bw_dma_sz_sweep.txt, BW_DMA_WR
     * rows, column "BW (GB/s)" (its values are bits: 512 MB in 176.98 ms is 24.27 Gb/s).
     */
    public static final List<Point> WRITE_GBPS = List.of(
            new Point(16, 6.091), new Point(32, 12.169), new Point(64, 24.269), new Point(128, 42.355), new Point(256, 50.488),
            new Point(512, 53.013), new Point(768, 52.143), new Point(1024, 53.013), new Point(1280, 52.450),
            new Point(1536, 53.013), new Point(2048, 53.013));

    /** The sizes the DMA engine's two costs are fitted on; every other size is a prediction. */
    public static final int FIT_SMALL = 64;
    public static final int FIT_LARGE = 2048;

    private PcieBenchData() {
    }

    /** The point at {@code size}, or null. */
    public static Point at(List<Point> points, int size) {
        for (Point p : points) {
            if (p.sizeBytes() == size) {
                return p;
            }
        }
        return null;
    }
}
