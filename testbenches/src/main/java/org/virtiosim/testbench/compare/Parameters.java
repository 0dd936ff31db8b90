package org.virtiosim.testbench.compare;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.device.scheme.aq.AqAccessPath;
import org.virtiosim.device.scheme.indirect.IndirectPair;
import org.virtiosim.device.scheme.mmio.LegacyWindow;
import org.virtiosim.pcie.link.LinkConfig;
import org.virtiosim.pcie.link.LinkGeneration;

/**
 * The parameters {@code --set name=value} can change, each with its unit; the defaults and their
 * sources are in docs/parameters.md. Unknown names and bad values are rejected with one line.
 */
public final class Parameters {
    private static final Map<String, BiFunction<CompareConfig, String, CompareConfig>> SETTERS = new LinkedHashMap<>();
    private static final Map<String, String> HELP = new LinkedHashMap<>();

    static {
        put("link", "gen<G>x<L>, e.g. gen4x16", (c, v) -> {
            String s = v.toLowerCase(Locale.ROOT);
            if (!s.matches("gen[1-6]x(1|2|4|8|16)")) {
                throw bad("link", v, "gen1..gen6 with x1, x2, x4, x8 or x16, e.g. gen4x16");
            }
            int x = s.indexOf('x');
            LinkConfig l = c.link();
            return with(c, new LinkConfig(LinkGeneration.of(Integer.parseInt(s.substring(3, x))), Integer.parseInt(s.substring(x + 1)),
                    l.maxPayloadSize(), l.dllpPolicy(), l.flightLatencyPs()), null, null);
        });
        put("completion_timeout_us", "root port Completion Timeout, µs", (c, v) -> new CompareConfig(c.vfs(), c.link(), c.rootComplex(),
                c.cpu(), c.device(), c.host(), c.mmioBacking(), c.mmioDuringReset(), c.indirectBacking(), c.aqMode(), c.aqPrefetch(),
                c.aqQueues(), (long) (number("completion_timeout_us", v, 0.001, 1e7) * 1_000_000), c.seed()));
        put("vm_exit_ns", "VM exit + entry per trapped access, ns", (c, v) -> {
            HostTiming h = c.host();
            return with(c, null, null, new HostTiming((long) (number("vm_exit_ns", v, 0, 1e7) * 1000), h.storeRetirePs(),
                    h.commandBuildPs(), h.pollIntervalPs(), h.interruptPs()));
        });
        put("interrupt_ns", "MSI-X to handler, ns", (c, v) -> {
            HostTiming h = c.host();
            return with(c, null, null, new HostTiming(h.vmExitPs(), h.storeRetirePs(), h.commandBuildPs(), h.pollIntervalPs(),
                    (long) (number("interrupt_ns", v, 0, 1e7) * 1000)));
        });
        put("reset_cycles", "time to reset one VF, device cycles", (c, v) -> device(c, "reset_cycles", v));
        put("parallel_resets", "VF resets at once", (c, v) -> device(c, "parallel_resets", v));
        put("firmware_cores", "firmware cores", (c, v) -> device(c, "firmware_cores", v));
        put("firmware_access_cycles", "one legacy access in firmware, cycles", (c, v) -> device(c, "firmware_access_cycles", v));
        put("firmware_command_cycles", "one admin command in firmware, cycles", (c, v) -> device(c, "firmware_command_cycles", v));
        put("mmio_backing", "hardware | firmware", (c, v) -> new CompareConfig(c.vfs(), c.link(), c.rootComplex(), c.cpu(), c.device(),
                c.host(), choice("mmio_backing", v, LegacyWindow.Backing.class), c.mmioDuringReset(), c.indirectBacking(), c.aqMode(),
                c.aqPrefetch(), c.aqQueues(), c.completionTimeoutPs(), c.seed()));
        put("mmio_read_during_reset", "stall | stale", (c, v) -> new CompareConfig(c.vfs(), c.link(), c.rootComplex(), c.cpu(),
                c.device(), c.host(), c.mmioBacking(), choice("mmio_read_during_reset", v, LegacyWindow.ReadDuringReset.class),
                c.indirectBacking(), c.aqMode(), c.aqPrefetch(), c.aqQueues(), c.completionTimeoutPs(), c.seed()));
        put("indirect_backing", "logic | firmware", (c, v) -> new CompareConfig(c.vfs(), c.link(), c.rootComplex(), c.cpu(), c.device(),
                c.host(), c.mmioBacking(), c.mmioDuringReset(), choice("indirect_backing", v, IndirectPair.Backing.class), c.aqMode(),
                c.aqPrefetch(), c.aqQueues(), c.completionTimeoutPs(), c.seed()));
        put("aq_mode", "poll-serial | irq-parallel", (c, v) -> new CompareConfig(c.vfs(), c.link(), c.rootComplex(), c.cpu(), c.device(),
                c.host(), c.mmioBacking(), c.mmioDuringReset(), c.indirectBacking(),
                choice("aq_mode", v.replace('-', '_'), AqAccessPath.Mode.class), c.aqPrefetch(), c.aqQueues(), c.completionTimeoutPs(), c.seed()));
        put("aq_prefetch", "true | false", (c, v) -> {
            if (!v.equals("true") && !v.equals("false")) {
                throw bad("aq_prefetch", v, "true or false");
            }
            return new CompareConfig(c.vfs(), c.link(), c.rootComplex(), c.cpu(), c.device(), c.host(), c.mmioBacking(),
                    c.mmioDuringReset(), c.indirectBacking(), c.aqMode(), v.equals("true"), c.aqQueues(), c.completionTimeoutPs(), c.seed());
        });
        put("aq_queues", "admin queues on the PF, 1..256", (c, v) -> new CompareConfig(c.vfs(), c.link(), c.rootComplex(), c.cpu(),
                c.device(), c.host(), c.mmioBacking(), c.mmioDuringReset(), c.indirectBacking(), c.aqMode(), c.aqPrefetch(),
                (int) number("aq_queues", v, 1, 256), c.completionTimeoutPs(), c.seed()));
    }

    private Parameters() {
    }

    private static void put(String name, String help, BiFunction<CompareConfig, String, CompareConfig> setter) {
        SETTERS.put(name, setter);
        HELP.put(name, help);
    }

    /** Applies one {@code name=value}; throws IllegalArgumentException with a one-line reason. */
    public static CompareConfig apply(CompareConfig c, String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--set '" + assignment + "': expected name=value");
        }
        String name = assignment.substring(0, eq).trim();
        String value = assignment.substring(eq + 1).trim();
        BiFunction<CompareConfig, String, CompareConfig> s = SETTERS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("--set: unknown parameter '" + name + "' (known: " + String.join(", ", SETTERS.keySet()) + ")");
        }
        return s.apply(c, value);
    }

    public static Map<String, String> help() {
        return HELP;
    }

    /** Where each parameter's default comes from (docs/parameters.md has the full table). */
    private static final Map<String, String> SOURCE = Map.ofEntries(
            Map.entry("link", "calibration link of the latency anchors (issue #4)"),
            Map.entry("completion_timeout_us", "PCIe Base Spec §2.8: top of the default 50 µs-50 ms range"),
            Map.entry("vm_exit_ns", "assumption: I/O-port VM exit, decode and entry on a current x86 host"),
            Map.entry("interrupt_ns", "assumption: MSI-X delivery to the handler"),
            Map.entry("reset_cycles", "assumption"),
            Map.entry("parallel_resets", "assumption"),
            Map.entry("firmware_cores", "assumption"),
            Map.entry("firmware_access_cycles", "assumption"),
            Map.entry("firmware_command_cycles", "assumption"),
            Map.entry("mmio_backing", "design choice (hardware registers)"),
            Map.entry("mmio_read_during_reset", "design choice (stall keeps Linux's read-back correct)"),
            Map.entry("indirect_backing", "design choice (device logic)"),
            Map.entry("aq_mode", "Linux 6.11+ vfio-virtio (irq-parallel); 6.7-6.10 poll-serial"),
            Map.entry("aq_prefetch", "Linux-like device: off"),
            Map.entry("aq_queues", "Linux uses one admin queue"));

    /** One row per parameter: name, default value, meaning and unit, source. */
    public static java.util.List<String[]> table() {
        CompareConfig d = CompareConfig.defaults(8);
        java.util.List<String[]> rows = new java.util.ArrayList<>();
        for (String name : HELP.keySet()) {
            rows.add(new String[] {name, current(d, name), HELP.get(name), SOURCE.getOrDefault(name, "")});
        }
        return rows;
    }

    /** A parameter's value in a configuration, as {@code --set} would take it. */
    public static String current(CompareConfig c, String name) {
        return switch (name) {
            case "link" -> "gen" + c.link().generation().number() + "x" + c.link().lanes();
            case "completion_timeout_us" -> String.valueOf(c.completionTimeoutPs() / 1_000_000);
            case "vm_exit_ns" -> String.valueOf(c.host().vmExitPs() / 1000);
            case "interrupt_ns" -> String.valueOf(c.host().interruptPs() / 1000);
            case "reset_cycles" -> String.valueOf(c.device().resetCycles());
            case "parallel_resets" -> String.valueOf(c.device().parallelResets());
            case "firmware_cores" -> String.valueOf(c.device().firmwareCores());
            case "firmware_access_cycles" -> String.valueOf(c.device().firmwareAccessCycles());
            case "firmware_command_cycles" -> String.valueOf(c.device().firmwareCommandCycles());
            case "mmio_backing" -> c.mmioBacking().name().toLowerCase(Locale.ROOT);
            case "mmio_read_during_reset" -> c.mmioDuringReset().name().toLowerCase(Locale.ROOT);
            case "indirect_backing" -> c.indirectBacking().name().toLowerCase(Locale.ROOT);
            case "aq_mode" -> c.aqMode().name().toLowerCase(Locale.ROOT).replace('_', '-');
            case "aq_prefetch" -> String.valueOf(c.aqPrefetch());
            case "aq_queues" -> String.valueOf(c.aqQueues());
            default -> throw new IllegalArgumentException("unknown parameter " + name);
        };
    }

    private static CompareConfig device(CompareConfig c, String name, String v) {
        DeviceTiming d = c.device();
        long n = (long) number(name, v, name.equals("parallel_resets") || name.equals("firmware_cores") ? 1 : 0, 1e12);
        DeviceTiming t = new DeviceTiming(d.clockPs(), d.registerCycles(),
                name.equals("firmware_access_cycles") ? n : d.firmwareAccessCycles(),
                name.equals("firmware_command_cycles") ? n : d.firmwareCommandCycles(), d.dmaRequestCycles(), d.doorbellCycles(),
                name.equals("reset_cycles") ? n : d.resetCycles(),
                name.equals("parallel_resets") ? (int) Math.min(n, 65535) : d.parallelResets(),
                name.equals("firmware_cores") ? (int) Math.min(n, 1024) : d.firmwareCores());
        return with(c, null, t, null);
    }

    private static CompareConfig with(CompareConfig c, LinkConfig link, DeviceTiming device, HostTiming host) {
        return new CompareConfig(c.vfs(), link != null ? link : c.link(), c.rootComplex(), c.cpu(), device != null ? device : c.device(),
                host != null ? host : c.host(), c.mmioBacking(), c.mmioDuringReset(), c.indirectBacking(), c.aqMode(), c.aqPrefetch(), c.aqQueues(),
                c.completionTimeoutPs(), c.seed());
    }

    private static double number(String name, String v, double min, double max) {
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw bad(name, v, "a number");
        }
        if (!(d >= min && d <= max)) {
            throw bad(name, v, "a number from " + min + " to " + max);
        }
        return d;
    }

    private static <E extends Enum<E>> E choice(String name, String v, Class<E> type) {
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder b = new StringBuilder();
            for (E x : type.getEnumConstants()) {
                b.append(b.length() == 0 ? "" : ", ").append(x.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw bad(name, v, b.toString());
        }
    }

    private static IllegalArgumentException bad(String name, String v, String expected) {
        return new IllegalArgumentException("--set " + name + "=" + v + ": expected " + expected);
    }
}
