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

    /** Checks the specs; throws IllegalArgumentException naming the bad one. */
    public static void validate(List<String> specs, int vfs) {
        for (String s : specs) {
            parse(s, vfs);
        }
    }

    /** Installs the faults in a testbench before it runs. */
    public static void install(Testbench tb, List<String> specs) {
        int vfs = tb.config().vfs();
        int[] completionsSeen = {0};
        long[] dropAt = specs.stream().filter(s -> s.startsWith("drop-completion@")).mapToLong(s -> parse(s, vfs)[0]).toArray();
        long[] poisonAt = specs.stream().filter(s -> s.startsWith("poison-completion@")).mapToLong(s -> parse(s, vfs)[0]).toArray();
        long[] lateAt = specs.stream().filter(s -> s.startsWith("late-completion@")).mapToLong(s -> parse(s, vfs)[0]).toArray();
        if (dropAt.length + poisonAt.length + lateAt.length > 0) {
            var up = tb.link().upstream();
            long delay = 2 * tb.config().completionTimeoutPs();
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
        for (String s : specs) {
            long[] p = parse(s, vfs);
            if (s.startsWith("stall-firmware@")) {
                long at = p[0] * 1_000_000;
                long until = at + p[1] * 1_000_000;
                tb.kernel().schedule(at, x -> tb.device().cores().stallUntil(until), 0);
            } else if (s.startsWith("surprise-reset@")) {
                int vf = (int) p[0];
                tb.kernel().schedule(p[1] * 1_000_000, x -> tb.device().surpriseReset(vf), 0);
            }
        }
    }

    private static boolean contains(long[] a, long v) {
        for (long x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** [N] for the completion faults, [T, D] for a stall, [VF, T] for a surprise reset. */
    private static long[] parse(String spec, int vfs) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int at = s.indexOf('@');
        if (at < 0) {
            throw bad(spec);
        }
        String kind = s.substring(0, at);
        String arg = s.substring(at + 1);
        try {
            switch (kind) {
                case "drop-completion", "poison-completion", "late-completion" -> {
                    long n = Long.parseLong(arg);
                    if (n < 1) {
                        throw bad(spec);
                    }
                    return new long[] {n};
                }
                case "stall-firmware", "surprise-reset" -> {
                    String[] p = arg.split(":", -1);
                    if (p.length != 2) {
                        throw bad(spec);
                    }
                    long a = Long.parseLong(p[0]);
                    long b = Long.parseLong(p[1]);
                    if (a < 0 || b < 0 || (kind.equals("surprise-reset") && (a < 1 || a > vfs)) || (kind.equals("stall-firmware") && b < 1)) {
                        throw bad(spec);
                    }
                    return new long[] {a, b};
                }
                default -> throw bad(spec);
            }
        } catch (NumberFormatException e) {
            throw bad(spec);
        }
    }

    private static IllegalArgumentException bad(String spec) {
        return new IllegalArgumentException("--fault '" + spec + "': expected drop-completion@N, poison-completion@N, late-completion@N, "
                + "stall-firmware@T_US:D_US or surprise-reset@VF:T_US (VF within --vfs)");
    }
}
