package org.virtiosim.kit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.firmware.Firmware;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.Parameters;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.compare.Scenarios;
import org.virtiosim.testbench.compare.Testbench;
import org.virtiosim.testbench.fault.Faults;
import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceException;

/**
 * A scenario to run against a firmware model, as a firmware designer writes it in a test:
 * {@code ScenarioRun.of("linux-net-probe").vfs(16).firmware(MyFirmware::new).run()}.
 * Every run checks the protocol as it goes: a read that returns other than the scenario expects
 * is a mismatch, a non-posted request without a completion is a completion timeout; both are in
 * the results for assertions.
 */
public final class ScenarioRun {
    private final String scenario;
    private int vfs = 8;
    private long seed = 1;
    private final List<String> settings = new ArrayList<>();
    private List<String> schemes = List.of("mmio", "indirect", "aq");
    private List<String> notify = List.of("vf-bar", "pf-bar", "io-bar", "aq");
    private Function<DeviceTiming, Firmware> firmware;
    private final List<String> faults = new ArrayList<>();

    private ScenarioRun(String scenario) {
        this.scenario = scenario;
    }

    /** A built-in scenario by name (see {@code virtio-sim list}) or a trace file by path. */
    public static ScenarioRun of(String scenario) {
        return new ScenarioRun(scenario);
    }

    public ScenarioRun vfs(int n) {
        this.vfs = n;
        return this;
    }

    public ScenarioRun seed(long s) {
        this.seed = s;
        return this;
    }

    /** A parameter as {@code --set} takes it, e.g. {@code "aq_queues=4"}. */
    public ScenarioRun set(String... nameEqualsValue) {
        settings.addAll(List.of(nameEqualsValue));
        return this;
    }

    public ScenarioRun schemes(String... s) {
        this.schemes = List.of(s);
        return this;
    }

    public ScenarioRun notifyPaths(String... p) {
        this.notify = List.of(p);
        return this;
    }

    /** The device's firmware: built from the run's device timing (the default is a fixed cost per command). */
    public ScenarioRun firmware(Function<DeviceTiming, Firmware> factory) {
        this.firmware = factory;
        return this;
    }

    /**
     * Faults to inject into every run, as {@code compare --fault} takes them: {@code drop-completion@N},
     * {@code poison-completion@N}, {@code late-completion@N}, {@code stall-firmware@T_US:D_US},
     * {@code surprise-reset@VF:T_US}.
     */
    public ScenarioRun fault(String... specs) {
        faults.addAll(List.of(specs));
        return this;
    }

    /** Runs every scheme and notification path; throws IllegalArgumentException on a bad scenario or parameter. */
    public Results run() {
        CompareConfig c = CompareConfig.defaults(vfs);
        c = new CompareConfig(c.vfs(), c.link(), c.rootComplex(), c.cpu(), c.device(), c.host(), c.mmioBacking(), c.mmioDuringReset(),
                c.indirectBacking(), c.aqMode(), c.aqPrefetch(), c.aqQueues(), c.completionTimeoutPs(), seed);
        for (String s : settings) {
            c = Parameters.apply(c, s);
        }
        Faults.validate(faults, vfs);
        Trace trace;
        try {
            trace = Scenarios.load(scenario, vfs);
        } catch (TraceException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Map<String, RunResult> s = new LinkedHashMap<>();
        for (String scheme : schemes) {
            Firmware fw = firmware == null ? null : firmware.apply(c.device());
            Testbench tb = fw == null ? new Testbench(c, scheme, Testbench.NotifyRoute.SCHEME, false, trace, null)
                    : new Testbench(c, scheme, Testbench.NotifyRoute.SCHEME, false, trace, null, fw);
            Faults.install(tb, faults);
            s.put(scheme, tb.run(scheme));
        }
        Map<String, RunResult> n = new LinkedHashMap<>();
        for (String path : notify) {
            Testbench.NotifyRoute route = Testbench.NotifyRoute.of(path);
            if (route == null) {
                throw new IllegalArgumentException("unknown notification path '" + path + "'");
            }
            Firmware fw = firmware == null ? null : firmware.apply(c.device());
            Testbench tb = fw == null ? new Testbench(c, "mmio", route, true, trace, null)
                    : new Testbench(c, "mmio", route, true, trace, null, fw);
            Faults.install(tb, faults);
            n.put(path, tb.run(path));
        }
        return new Results(Scenarios.displayName(scenario), c, s, n);
    }
}
