package org.virtiosim.device.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random valid accesses, MSI-X toggles, ISR raises and resets against a small reference model
 * written from the spec/QEMU rules directly, with its own offsets and a map of fields and no
 * code shared with the register file, so a semantic slip in either shows as a mismatch.
 */
class LegacyRegisterFileRandomTest {
    private static final int VF = 0x01_02_03;
    private static final int STEPS = 3000;

    /** The reference: fields by name, offsets as literals. */
    private static final class Model {
        final Map<String, Integer> f = new HashMap<>();
        boolean msix;
        boolean resetting;
        long ignored;
        long dropped;
        long resets;

        Model() {
            f.put("host", (1 << 5) | (1 << 16) | (1 << 17) | (1 << 18) | (1 << 28) | (1 << 29));
            f.put("link", 1);
            clear();
        }

        void clear() {
            f.put("guest", 0);
            f.put("sel", 0);
            f.put("status", 0);
            f.put("isr", 0);
            f.put("cfgvec", 0xFFFF);
            for (int q = 0; q < 3; q++) {
                f.put("pfn" + q, 0);
                f.put("vec" + q, 0xFFFF);
            }
            int[] mac = {0x02, 0x00, 0x00, (VF >> 16) & 0xFF, (VF >> 8) & 0xFF, VF & 0xFF};
            for (int i = 0; i < 6; i++) {
                f.put("mac" + i, mac[i]);
            }
        }

        int get(String k) {
            return f.get(k);
        }

        int cfgStart() {
            return msix ? 24 : 20;
        }

        int cfgByte(int i) {
            if (i < 6) {
                return get("mac" + i);
            }
            return switch (i) {
                case 6 -> get("link");
                case 8 -> 1;
                default -> 0;
            };
        }

        int read(int off, int size) {
            if (off >= cfgStart()) {
                int v = 0;
                for (int i = 0; i < size; i++) {
                    v |= cfgByte(off - cfgStart() + i) << (8 * i);
                }
                return v;
            }
            int sel = get("sel");
            switch (off) {
                case 0: return get("host");
                case 4: return get("guest");
                case 8: return sel < 3 ? get("pfn" + sel) : 0;
                case 12: return sel < 3 ? 256 : 0;
                case 14: return sel;
                case 16: ignored++; return 0xFFFF;
                case 18: return get("status");
                case 19: {
                    int v = get("isr");
                    if (!resetting) {
                        f.put("isr", 0);
                    }
                    return v;
                }
                case 20: return get("cfgvec");
                case 22: return sel < 3 ? get("vec" + sel) : 0xFFFF;
                default: throw new AssertionError("model: no register at " + off);
            }
        }

        String ignore() {
            ignored++;
            return "IGNORED/-1";
        }

        String write(int off, int size, int val) {
            if (resetting) {
                dropped++;
                return "DROPPED_DURING_RESET/-1";
            }
            if (size < 4) {
                val &= (1 << (8 * size)) - 1;
            }
            if (off >= cfgStart()) {
                boolean any = false;
                for (int i = 0; i < size; i++) {
                    int idx = off - cfgStart() + i;
                    if (idx < 6) {
                        f.put("mac" + idx, (val >>> (8 * i)) & 0xFF);
                        any = true;
                    }
                }
                return any ? "CONFIG_WRITTEN/-1" : ignore();
            }
            int sel = get("sel");
            switch (off) {
                case 4:
                    if ((get("status") & 8) != 0) {
                        return ignore();
                    }
                    if ((val & (1 << 30)) != 0) {
                        val = (1 << 5) | 1 | (1 << 11) | (1 << 12) | (1 << 13);
                    }
                    f.put("guest", val & get("host"));
                    return "GUEST_FEATURES_SET/-1";
                case 8:
                    if (val == 0) {
                        resetting = true;
                        return "RESET_REQUESTED/-1";
                    }
                    if (sel >= 3) {
                        return ignore();
                    }
                    f.put("pfn" + sel, val);
                    return "QUEUE_ADDRESS_SET/" + sel;
                case 14:
                    if (val >= 1024) {
                        return ignore();
                    }
                    f.put("sel", val);
                    return "NONE/-1";
                case 16:
                    return val < 3 && get("pfn" + val) != 0 ? "QUEUE_NOTIFY/" + val : ignore();
                case 18:
                    if (val == 0) {
                        resetting = true;
                        return "RESET_REQUESTED/-1";
                    }
                    f.put("status", val);
                    return "STATUS_CHANGED/-1";
                case 20:
                    f.put("cfgvec", val < 4 ? val : 0xFFFF);
                    return "MSIX_VECTOR_CHANGED/-1";
                case 22:
                    if (sel >= 3) {
                        return ignore();
                    }
                    f.put("vec" + sel, val < 4 ? val : 0xFFFF);
                    return "MSIX_VECTOR_CHANGED/" + sel;
                case 0:
                case 12:
                case 19:
                    return ignore();
                default:
                    throw new AssertionError("model: no register at " + off);
            }
        }

        void raise(int bits) {
            if (!resetting) {
                f.put("isr", get("isr") | bits);
            }
        }

        void completeReset() {
            clear();
            resetting = false;
            resets++;
        }
    }

    private static final int[][] HEADER = {{0, 4}, {4, 4}, {8, 4}, {12, 2}, {14, 2}, {16, 2}, {18, 1}, {19, 1}};
    private static final int[][] MSIX_HEADER = {{20, 2}, {22, 2}};

    /** A random valid (offset, size) for the current layout. */
    private static int[] access(SplittableRandom rnd, boolean msix) {
        int header = HEADER.length + (msix ? MSIX_HEADER.length : 0);
        int pick = rnd.nextInt(header + 4);
        if (pick < HEADER.length) {
            return HEADER[pick];
        }
        if (pick < header) {
            return MSIX_HEADER[pick - HEADER.length];
        }
        int size = new int[] {1, 2, 4}[rnd.nextInt(3)];
        int rel = rnd.nextInt(10 - size + 1);
        return new int[] {(msix ? 24 : 20) + rel, size};
    }

    /** Values that hit the interesting cases of each register often. */
    private static int value(SplittableRandom rnd, int off, int size, boolean msix) {
        int cfg = msix ? 24 : 20;
        int junk = rnd.nextInt(4) == 0 ? rnd.nextInt() & ~((1 << (8 * Math.min(size, 3))) - 1) : 0;
        if (off >= cfg) {
            return rnd.nextInt();
        }
        int v = switch (off) {
            case 4 -> rnd.nextInt(3) == 0 ? rnd.nextInt() : rnd.nextInt() & ~(1 << 30);
            case 8 -> rnd.nextInt(6) == 0 ? 0 : rnd.nextBoolean() ? rnd.nextInt(1, 1 << 20) : rnd.nextInt();
            case 14 -> rnd.nextInt(10) < 7 ? rnd.nextInt(5) : rnd.nextInt(0x10000);
            case 16 -> rnd.nextInt(10) < 8 ? rnd.nextInt(4) : rnd.nextInt(0x10000);
            case 18 -> rnd.nextInt(8) == 0 ? 0 : rnd.nextInt(3) == 0 ? 0x0B : rnd.nextInt(1, 256);
            case 20, 22 -> rnd.nextInt(4) == 0 ? 0xFFFF : rnd.nextInt(4) == 0 ? rnd.nextInt(0x10000) : rnd.nextInt(6);
            default -> rnd.nextInt();
        };
        return size == 4 ? v : v | junk;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 0x5EED, 20240601})
    void registerFileMatchesTheReferenceModel(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        LegacyRegisterFile regs = LegacyRegisterFile.virtioNet(VF);
        Model model = new Model();
        Map<String, Integer> seen = new HashMap<>();
        for (int step = 0; step < STEPS; step++) {
            String at = "seed " + seed + " step " + step;
            int op = rnd.nextInt(100);
            if (model.resetting && op < 25) {
                regs.completeReset();
                model.completeReset();
                seen.merge("reset", 1, Integer::sum);
            } else if (op < 30) {
                boolean on = rnd.nextBoolean();
                regs.setMsixEnabled(on);
                model.msix = on;
            } else if (op < 35) {
                int bits = rnd.nextInt(1, 4);
                regs.raiseIsr(bits);
                model.raise(bits);
            } else if (op < 65) {
                int[] a = access(rnd, model.msix);
                assertThat(regs.checkAccess(a[0], a[1])).as(at).isNull();
                int expected = model.read(a[0], a[1]);
                assertThat(regs.read(a[0], a[1])).as("%s: read 0x%02x/%d", at, a[0], a[1]).isEqualTo(expected);
                seen.merge("read", 1, Integer::sum);
            } else {
                int[] a = access(rnd, model.msix);
                int v = value(rnd, a[0], a[1], model.msix);
                String expected = model.write(a[0], a[1], v);
                WriteEffect e = regs.write(a[0], a[1], v);
                assertThat(e + "/" + regs.effectQueue()).as("%s: write 0x%02x/%d = 0x%x", at, a[0], a[1], v)
                        .isEqualTo(expected);
                seen.merge(e.name(), 1, Integer::sum);
            }
            assertThat(regs.resetInProgress()).as(at).isEqualTo(model.resetting);
            if (step % 64 == 0 || step == STEPS - 1) {
                compareState(regs, model, at);
            }
        }
        assertThat(regs.ignoredAccesses()).isEqualTo(model.ignored);
        assertThat(regs.droppedWrites()).isEqualTo(model.dropped);
        assertThat(regs.resetsCompleted()).isEqualTo(model.resets);
        // The sequence must actually have exercised the interesting paths.
        assertThat(seen).containsKeys("reset", "read", "IGNORED", "DROPPED_DURING_RESET", "RESET_REQUESTED",
                "QUEUE_NOTIFY", "QUEUE_ADDRESS_SET", "GUEST_FEATURES_SET", "STATUS_CHANGED", "MSIX_VECTOR_CHANGED",
                "CONFIG_WRITTEN", "NONE");
    }

    private static void compareState(LegacyRegisterFile regs, Model m, String at) {
        assertThat(regs.guestFeatures()).as(at).isEqualTo(m.get("guest"));
        assertThat(regs.status()).as(at).isEqualTo(m.get("status"));
        assertThat(regs.isr()).as(at).isEqualTo(m.get("isr"));
        assertThat(regs.queueSelect()).as(at).isEqualTo(m.get("sel"));
        assertThat(regs.configVector()).as(at).isEqualTo(m.get("cfgvec"));
        for (int q = 0; q < 3; q++) {
            assertThat(regs.queuePfn(q)).as("%s pfn%d", at, q).isEqualTo(m.get("pfn" + q));
            assertThat(regs.queueVector(q)).as("%s vec%d", at, q).isEqualTo(m.get("vec" + q));
        }
        for (int i = 0; i < 10; i++) {
            assertThat(regs.config().readByte(i)).as("%s config byte %d", at, i).isEqualTo(m.cfgByte(i));
        }
    }
}
