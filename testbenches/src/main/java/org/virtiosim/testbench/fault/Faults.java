package org.virtiosim.testbench.fault;

import java.util.List;
import java.util.Locale;
import org.virtiosim.core.param.NumberText;
import org.virtiosim.core.registry.Registry;
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
 *   <li>{@code notify-info-offset@VF:OFFSET}, {@code aq-member@N:VF}, {@code pf-window-slot@VF:VF2}:
 *       a lying or buggy PF driver or hypervisor ({@link TrustFaults} defines each outcome).</li>
 * </ul>
 */
public final class Faults {
    private Faults() {
    }

    /** Longest time a spec may name, µs (1000 s simulated): keeps T × 10^6 ps far from overflow. */
    private static final long MAX_US = 1_000_000_000L;
    private static final long PS_PER_US = 1_000_000L;

    /** Parses every spec; throws IllegalArgumentException naming the first bad one. */
    public static List<Fault> parse(List<String> specs, int vfs) {
        return specs.stream().map(s -> parse(s, vfs)).toList();
    }

    /** The specs as given, in order (what reports list). */
    public static List<String> specs(List<Fault> faults) {
        return faults.stream().map(Fault::spec).toList();
    }

    /**
     * Installs the faults in a testbench before it runs. Each is armed there and counts as fired only when it
     * takes effect while the workload runs; one that never does is reported with the run's violations.
     */
    public static void install(Testbench tb, List<Fault> faults) {
        for (Fault f : faults) {
            tb.faultArmed(f.spec());
        }
        // Drops first (a dropped completion is neither poisoned nor late), then poison (a late copy is poisoned too), then late.
        List<Fault> onCompletions = new java.util.ArrayList<>();
        for (Class<?> kind : List.of(Fault.DropCompletion.class, Fault.PoisonCompletion.class, Fault.LateCompletion.class)) {
            faults.stream().filter(kind::isInstance).forEach(onCompletions::add);
        }
        if (!onCompletions.isEmpty()) {
            var up = tb.link().upstream();
            long delay = 2 * tb.config().completionTimeoutPs();
            long[] completionsSeen = {0};
            up.setFaultHook(t -> {
                if (!t.type().isCompletion()) {
                    return true;
                }
                long n = ++completionsSeen[0];
                tb.completionSeen();
                for (int i = 0; i < onCompletions.size(); i++) { // indexed: no iterator per completion
                    Fault f = onCompletions.get(i);
                    if (nth(f) != n) {
                        continue;
                    }
                    tb.faultFired(f.spec());
                    if (f instanceof Fault.DropCompletion) {
                        return false;
                    } else if (f instanceof Fault.PoisonCompletion) {
                        t.ep(true);
                    } else {
                        Tlp copy = new Tlp();
                        copy.copyFrom(t);
                        tb.kernel().scheduleIn(delay, x -> up.deliverLate(copy), 0);
                        return false;
                    }
                }
                return true;
            });
        }
        for (Fault f : faults) {
            if (f instanceof Fault.StallFirmware s) {
                long until = (s.atUs() + s.forUs()) * PS_PER_US;
                tb.kernel().schedule(s.atUs() * PS_PER_US, x -> {
                    firedIfRunning(tb, f);
                    tb.device().cores().stallUntil(until);
                }, 0);
            } else if (f instanceof Fault.SurpriseReset r) {
                tb.kernel().schedule(r.atUs() * PS_PER_US, x -> {
                    firedIfRunning(tb, f);
                    tb.device().surpriseReset(r.vf());
                }, 0);
            } else {
                TrustFaults.install(tb, f);
                tb.faultFiredIf(f.spec(), () -> TrustFaults.fired(tb, f));
            }
        }
    }

    private static void firedIfRunning(Testbench tb, Fault f) {
        if (tb.workloadRunning()) {
            tb.faultFired(f.spec());
        }
    }

    private static long nth(Fault f) {
        if (f instanceof Fault.DropCompletion d) {
            return d.nth();
        }
        if (f instanceof Fault.PoisonCompletion p) {
            return p.nth();
        }
        return ((Fault.LateCompletion) f).nth();
    }

    /** The kinds of fault a spec may name, in the order help lists them; shell completion offers them. */
    public static final Registry<FaultKind> KINDS = new Registry<>("fault", FaultKind::id, List.of(
            new FaultKind("drop-completion", "N", (spec, arg, vfs) -> new Fault.DropCompletion(spec, nth(spec, arg))),
            new FaultKind("poison-completion", "N", (spec, arg, vfs) -> new Fault.PoisonCompletion(spec, nth(spec, arg))),
            new FaultKind("late-completion", "N", (spec, arg, vfs) -> new Fault.LateCompletion(spec, nth(spec, arg))),
            new FaultKind("stall-firmware", "T_US:D_US", (spec, arg, vfs) -> {
                String[] p = pair(spec, arg);
                return new Fault.StallFirmware(spec, number(spec, "T_US", p[0], 0, MAX_US), number(spec, "D_US", p[1], 1, MAX_US));
            }),
            new FaultKind("surprise-reset", "VF:T_US", (spec, arg, vfs) -> {
                String[] p = pair(spec, arg);
                return new Fault.SurpriseReset(spec, (int) number(spec, "VF", p[0], 1, vfs), number(spec, "T_US", p[1], 0, MAX_US));
            }),
            new FaultKind("notify-info-offset", "VF:OFFSET", (spec, arg, vfs) -> TrustFaults.notifyInfoOffset(spec, pair(spec, arg), vfs)),
            new FaultKind("aq-member", "N:VF", (spec, arg, vfs) -> TrustFaults.aqMember(spec, pair(spec, arg))),
            new FaultKind("pf-window-slot", "VF:VF2", (spec, arg, vfs) -> TrustFaults.pfWindowSlot(spec, pair(spec, arg), vfs))));

    private static Fault parse(String spec, int vfs) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int at = s.indexOf('@');
        FaultKind kind = at < 0 ? null : KINDS.find(s.substring(0, at));
        if (kind == null) {
            throw bad(spec);
        }
        try {
            return kind.reader().read(spec, s.substring(at + 1), vfs);
        } catch (NumberFormatException e) {
            throw bad(spec);
        }
    }

    /** The completion count of an {@code @N} argument. */
    private static long nth(String spec, String arg) {
        return number(spec, "N", arg, 1, Long.MAX_VALUE);
    }

    /** The two parts of an {@code A:B} argument. */
    static String[] pair(String spec, String arg) {
        String[] p = arg.split(":", -1);
        if (p.length != 2) {
            throw bad(spec);
        }
        return p;
    }

    /** One argument of a spec, in the one number grammar ({@link NumberText}); the error names the spec and the argument. */
    static long number(String spec, String what, String text, long min, long max) {
        try {
            return NumberText.whole(text, min, max, "");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(bad(spec).getMessage() + "; " + what + ": " + e.getMessage());
        }
    }

    static IllegalArgumentException bad(String spec) {
        return new IllegalArgumentException("--fault '" + NumberText.echo(spec) + "': expected drop-completion@N, poison-completion@N, "
                + "late-completion@N, stall-firmware@T_US:D_US, surprise-reset@VF:T_US, notify-info-offset@VF:OFFSET (even, decimal or "
                + "0x hex), aq-member@N:VF or pf-window-slot@VF:VF2 (the first VF within --vfs, another up to 65535, times up to "
                + MAX_US + " µs)");
    }
}
