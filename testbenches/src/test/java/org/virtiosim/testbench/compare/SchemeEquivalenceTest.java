package org.virtiosim.testbench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtiosim.device.legacy.LegacyRegisterFile;
import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceReader;
import org.virtiosim.testbench.trace.TraceRow;

/**
 * For any sequence of legacy accesses, every scheme leaves the same register state and returns the
 * same read values: the schemes differ in time, not in function. Sequences are drawn from a seeded
 * generator (each seed a reproducible case) over every register at its own size, device config at
 * sizes 1/2/4, the 6-byte MAC write, MSI-X toggles, resets, queue PFN 0 (a reset in QEMU's legacy
 * device) and notifies.
 * A guest that resets reads status back, as Linux does, so no scheme is asked to act mid-reset.
 */
class SchemeEquivalenceTest {
    private static final int VFS = 3;
    private static final int[][] HEADER = {{0x00, 4}, {0x04, 4}, {0x08, 4}, {0x0C, 2}, {0x0E, 2}, {0x10, 2}, {0x12, 1}, {0x13, 1}};
    private static final int CONFIG_LENGTH = 10;

    static Trace randomTrace(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<TraceRow> rows = new ArrayList<>();
        int line = 1;
        for (int vf = 1; vf <= VFS; vf++) {
            boolean msix = false;
            for (int i = 0; i < 120; i++) {
                int kind = r.nextInt(20);
                if (kind == 0) {
                    msix = !msix;
                    rows.add(new TraceRow(TraceRow.Op.MSIX, TraceRow.NONE, TraceRow.NONE, msix ? 1 : 0, false, vf, 0, line++));
                    continue;
                }
                if (kind == 1) {
                    // The hypervisor's coalesced MAC write: all six bytes at the MAC, wherever MSI-X puts it.
                    rows.add(new TraceRow(TraceRow.Op.W, msix ? 0x18 : 0x14, 6, r.nextLong() & 0xFFFF_FFFF_FFFFL, false, vf,
                            r.nextInt(3) * 100L, line++));
                    continue;
                }
                int offset;
                int size;
                if (kind < 12) {
                    int[] reg = HEADER[r.nextInt(HEADER.length)];
                    offset = reg[0];
                    size = reg[1];
                    if (msix && r.nextInt(4) == 0) {
                        offset = r.nextBoolean() ? 0x14 : 0x16;
                        size = 2;
                    }
                } else {
                    size = new int[] {1, 2, 4}[r.nextInt(3)];
                    int start = msix ? 0x18 : 0x14;
                    offset = start + r.nextInt(CONFIG_LENGTH - size + 1);
                }
                boolean write = r.nextBoolean();
                long value = write ? valueFor(r, offset, size) : 0;
                rows.add(new TraceRow(write ? TraceRow.Op.W : TraceRow.Op.R, offset, size, value, false, vf, r.nextInt(3) * 100L, line++));
                boolean resets = write && ((offset == 0x12 && value == 0) || (offset == 0x08 && value == 0));
                if (resets) {
                    rows.add(new TraceRow(TraceRow.Op.R, 0x12, 1, 0, false, vf, 0, line++));
                }
            }
        }
        return new Trace("random-" + seed, TraceReader.VIRTIO_NET_MSIX_CONFIG_END, rows);
    }

    private static long valueFor(SplittableRandom r, int offset, int size) {
        switch (offset) {
            case 0x12:
                return r.nextInt(4) == 0 ? 0 : r.nextInt(256);
            case 0x08:
                return r.nextInt(4) == 0 ? 0 : r.nextInt(1 << 20);
            case 0x0E:
            case 0x10:
                return r.nextInt(5);
            case 0x14:
            case 0x16:
                return r.nextInt(6) == 0 ? 0xFFFF : r.nextInt(5);
            default:
                return r.nextLong() & ((1L << (8 * size)) - 1);
        }
    }

    /** Everything the register file holds, as text, so a difference shows which field. */
    private static String state(LegacyRegisterFile f) {
        StringBuilder b = new StringBuilder();
        b.append("features=").append(Integer.toHexString(f.guestFeatures())).append(" status=").append(f.status())
                .append(" sel=").append(f.queueSelect()).append(" msix=").append(f.msixEnabled())
                .append(" cfgvec=").append(f.configVector()).append(" isr=").append(f.isr());
        for (int q = 0; q < f.queueCount(); q++) {
            b.append(" q").append(q).append("=").append(Integer.toHexString(f.queuePfn(q))).append('/').append(f.queueVector(q));
        }
        b.append(" cfg=");
        for (int i = 0; i < f.config().length(); i++) {
            b.append(String.format("%02x", f.config().readByte(i)));
        }
        return b.toString();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void allSchemesGiveTheSameReadsAndLeaveTheSameState(long seed) {
        Trace t = randomTrace(seed);
        List<String> states = new ArrayList<>();
        List<TreeMap<String, Long>> reads = new ArrayList<>();
        List<String> schemes = org.virtiosim.device.catalog.Catalog.SCHEMES.ids();
        for (String scheme : schemes) {
            TreeMap<String, Long> seen = new TreeMap<>();
            Testbench tb = new Testbench(CompareConfig.defaults(VFS), org.virtiosim.device.catalog.Catalog.SCHEMES.require(scheme), null, false, t, null)
                    .readLog((vf, row, value) -> seen.put(vf + ":" + row, value));
            RunResult r = tb.run(scheme);
            assertThat(r.failed()).as("%s failed accesses", scheme).isZero();
            assertThat(r.completionTimeouts()).isZero();
            StringBuilder all = new StringBuilder();
            for (int vf = 1; vf <= VFS; vf++) {
                LegacyRegisterFile f = tb.device().vf(vf);
                assertThat(f.droppedWrites()).as("%s: writes dropped during a reset", scheme).isZero();
                all.append("vf").append(vf).append(": ").append(state(f)).append('\n');
            }
            states.add(all.toString());
            reads.add(seen);
        }
        assertThat(reads.get(0)).isNotEmpty();
        for (int i = 1; i < schemes.size(); i++) {
            assertThat(reads.get(i)).as("%s reads vs %s", schemes.get(i), schemes.get(0)).isEqualTo(reads.get(0));
            assertThat(states.get(i)).as("%s state vs %s", schemes.get(i), schemes.get(0)).isEqualTo(states.get(0));
        }
    }

    /** mac-coalesced's one 6-byte write lands all six bytes on every scheme, and each VF reads them back. */
    @org.junit.jupiter.api.Test
    void theCoalescedMacWriteLandsWholeOnEveryScheme() throws Exception {
        Trace t = Scenarios.load("mac-coalesced");
        assertThat(t.rows()).anySatisfy(row -> assertThat(row.size()).isEqualTo(6));
        List<String> states = new ArrayList<>();
        for (String scheme : org.virtiosim.device.catalog.Catalog.SCHEMES.ids()) {
            Testbench tb = new Testbench(CompareConfig.defaults(VFS), org.virtiosim.device.catalog.Catalog.SCHEMES.require(scheme), null, false, t, null);
            RunResult r = tb.run(scheme);
            assertThat(r.failed()).as(scheme).isZero();
            assertThat(r.mismatches()).as("%s: the reads see the MAC written", scheme).isZero();
            StringBuilder all = new StringBuilder();
            for (int vf = 1; vf <= VFS; vf++) {
                LegacyRegisterFile f = tb.device().vf(vf);
                assertThat(new int[] {f.config().readByte(0), f.config().readByte(1), f.config().readByte(2), f.config().readByte(3),
                        f.config().readByte(4), f.config().readByte(5)}).as("%s VF %d", scheme, vf)
                        .containsExactly(0x52, 0x54, 0x00, 0x12, 0x34, 0x56);
                all.append(state(f)).append('\n');
            }
            states.add(all.toString());
        }
        assertThat(states).as("the same final state").containsOnly(states.get(0));
    }
}
