package org.virtiosim.testbench.fault;

import java.util.List;
import java.util.Locale;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.testbench.compare.Testbench;

/**
 * Fault injection, each with a defined outcome (README, "Fault injection"):
 * <ul>
 *   <li>{@code drop-completion@N}: the N-th completion going up (device to host) vanishes. The
 *       root port's Completion Timeout expires; the CPU load gets all ones; the run reports a
 *       completion timeout (a protocol violation) and, if the read was checked, a mismatch.</li>
 *   <li>{@code poison-completion@N}: the N-th completion going up arrives with EP set. The root
 *       port discards the data (§2.7.2); the load gets all ones and fails; a checked read is a
 *       mismatch.</li>
 *   <li>{@code late-completion@N}: the N-th completion going up arrives twice the Completion
 *       Timeout late: a timeout, then an Unexpected Completion (§2.3.2); both are violations.</li>
 *   <li>{@code stall-firmware@T:D}: at T µs every firmware core stops for D µs: the firmware's
 *       work (aq commands, firmware-backed schemes) waits; only latency changes.</li>
 *   <li>{@code surprise-reset@VF:T}: at T µs VF is reset without its guest knowing: its registers
 *       go to reset values; writes while it resets are dropped (a violation of the "no access
 *       during its reset" check); later reads that expect the old state mismatch.</li>
 * </ul>
 */
public final class Faults {
    private Faults() {
    }

    private enum Kind {
        DROP_COMPLETION, POISON_COMPLETION, LATE_COMPLETION, STALL_FIRMWARE, SURPRISE_RESET;

        static Kind of(String name) {
            for (Kind k : values()) {
                if (k.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(name)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** One parsed spec: N for the completion faults; T, D (µs) for a stall; VF, T (µs) for a surprise reset. */
    private record Fault(Kind kind, long a, long b) {
    }

    /** Longest time a spec may name, µs (1000 s simulated): keeps T × 10^6 ps far from overflow. */
    private static final long MAX_US = 1_000_000_000L;
    private static final long PS_PER_US = 1_000_000L;

    /** Checks the specs; throws IllegalArgumentException naming the bad one. */
    public static void validate(List<String> specs, int vfs) {
        for (String s : specs) {
            parse(s, vfs);
        }
    }

    /** Installs the faults in a testbench before it runs. */
    public static void install(Testbench tb, List<String> specs) {
        int vfs = tb.config().vfs();
        List<Fault> faults = specs.stream().map(s -> parse(s, vfs)).toList();
        long[] dropAt = completions(faults, Kind.DROP_COMPLETION);
        long[] poisonAt = completions(faults, Kind.POISON_COMPLETION);
        long[] lateAt = completions(faults, Kind.LATE_COMPLETION);
        if (dropAt.length + poisonAt.length + lateAt.length > 0) {
            var up = tb.link().upstream();
            long delay = 2 * tb.config().completionTimeoutPs();
            int[] completionsSeen = {0};
            up.setFaultHook(t -> {
                if (!t.type().isCompletion()) {
                    return true;
                }
                int n = ++completionsSeen[0];
                if (contains(dropAt, n)) {
                    return false;
                }
                if (contains(poisonAt, n)) {
                    t.ep(true);
                }
                if (contains(lateAt, n)) {
                    Tlp copy = new Tlp();
                    copy.copyFrom(t);
                    tb.kernel().scheduleIn(delay, x -> up.deliverLate(copy), 0);
                    return false;
                }
                return true;
            });
        }
        for (Fault f : faults) {
            if (f.kind() == Kind.STALL_FIRMWARE) {
                long until = (f.a() + f.b()) * PS_PER_US;
                tb.kernel().schedule(f.a() * PS_PER_US, x -> tb.device().cores().stallUntil(until), 0);
            } else if (f.kind() == Kind.SURPRISE_RESET) {
                int vf = (int) f.a();
                tb.kernel().schedule(f.b() * PS_PER_US, x -> tb.device().surpriseReset(vf), 0);
            }
        }
    }

    private static long[] completions(List<Fault> faults, Kind kind) {
        return faults.stream().filter(f -> f.kind() == kind).mapToLong(Fault::a).toArray();
    }

    private static boolean contains(long[] a, long v) {
        for (long x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private static Fault parse(String spec, int vfs) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int at = s.indexOf('@');
        Kind kind = at < 0 ? null : Kind.of(s.substring(0, at));
        if (kind == null) {
            throw bad(spec);
        }
        String arg = s.substring(at + 1);
        try {
            if (kind == Kind.DROP_COMPLETION || kind == Kind.POISON_COMPLETION || kind == Kind.LATE_COMPLETION) {
                long n = Long.parseLong(arg);
                if (n < 1) {
                    throw bad(spec);
                }
                return new Fault(kind, n, 0);
            }
            String[] p = arg.split(":", -1);
            if (p.length != 2) {
                throw bad(spec);
            }
            long a = Long.parseLong(p[0]);
            long b = Long.parseLong(p[1]);
            boolean ok = kind == Kind.STALL_FIRMWARE ? a >= 0 && a <= MAX_US && b >= 1 && b <= MAX_US
                    : a >= 1 && a <= vfs && b >= 0 && b <= MAX_US;
            if (!ok) {
                throw bad(spec);
            }
            return new Fault(kind, a, b);
        } catch (NumberFormatException e) {
            throw bad(spec);
        }
    }

    private static IllegalArgumentException bad(String spec) {
        return new IllegalArgumentException("--fault '" + spec + "': expected drop-completion@N, poison-completion@N, late-completion@N, "
                + "stall-firmware@T_US:D_US or surprise-reset@VF:T_US (VF within --vfs, times up to " + MAX_US + " µs)");
    }
}
