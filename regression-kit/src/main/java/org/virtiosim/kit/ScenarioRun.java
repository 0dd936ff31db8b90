package org.virtiosim.kit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.catalog.Firmwares;
import org.virtiosim.device.firmware.DefaultFirmware;
import org.virtiosim.device.firmware.Firmware;
import org.virtiosim.device.firmware.FirmwareProgram;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.Parameters;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.compare.Scenarios;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.testbench.fault.Fault;
import org.virtiosim.testbench.fault.Faults;
import org.virtiosim.testbench.study.Study;
import org.virtiosim.testbench.study.StudyResult;
import org.virtiosim.testbench.trace.Trace;
import org.virtiosim.testbench.trace.TraceException;

/**
 * A scenario to run against a firmware model, as a firmware designer writes it in a test:
 * {@code ScenarioRun.of("linux-net-probe").vfs(16).firmware(MyFirmware.class).run()}.
 * Every run checks the protocol as it goes: a read that returns other than the scenario expects
 * is a mismatch, a non-posted request without a completion is a completion timeout; both are in
 * the results for assertions.
 */
public final class ScenarioRun {
    private final String scenario;
    private int vfs = 8;
    private long seed = 1;
    private final List<String> settings = new ArrayList<>();
    private List<String> schemes = Catalog.SCHEMES.ids();
    private List<String> notify = Catalog.NOTIFY_ROUTES.ids();
    private Function<DeviceTiming, FirmwareProgram> firmware;
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
        java.util.Objects.requireNonNull(factory, "firmware");
        this.firmware = t -> new DefaultFirmware(factory.apply(t));
        return this;
    }

    /** The device's firmware as a program (handlers on its cores), a new one per run from the run's device timing. */
    public ScenarioRun program(Function<DeviceTiming, FirmwareProgram> factory) {
        this.firmware = java.util.Objects.requireNonNull(factory, "firmware program");
        return this;
    }

    /**
     * The device's firmware by class: a {@link FirmwareProgram} or a cost-only {@link Firmware}, with a
     * constructor taking {@link DeviceTiming} or none; a new instance per run.
     */
    public ScenarioRun firmware(Class<?> type) {
        this.firmware = FirmwareClasses.factory(type);
        return this;
    }

    /** A built-in firmware by its id ({@code default}, {@code mac-sixth-byte}, {@code reset-pipelining}, {@code buggy-early-status}). */
    public ScenarioRun firmware(String id) {
        this.firmware = Firmwares.REGISTRY.require(id).program();
        return this;
    }

    /**
     * Faults to inject into every run, as {@code compare --fault} takes them: {@code drop-completion@N},
     * {@code poison-completion@N}, {@code late-completion@N}, {@code stall-firmware@T_US:D_US},
     * {@code surprise-reset@VF:T_US}, and a lying PF driver or hypervisor's
     * {@code notify-info-offset@VF:OFFSET}, {@code aq-member@N:VF}, {@code pf-window-slot@VF:VF2}
     * (outcomes in {@code org.virtiosim.testbench.fault.TrustFaults}).
     */
    public ScenarioRun fault(String... specs) {
        faults.addAll(List.of(specs));
        return this;
    }

    /** Runs every scheme and notification path; throws IllegalArgumentException on a bad scenario or parameter. */
    public Results run() {
        CompareConfig c = org.virtiosim.testbench.compare.Scenarios.config(scenario, vfs).withSeed(seed);
        for (String s : settings) {
            c = Parameters.apply(c, s);
        }
        List<Fault> parsed = Faults.parse(faults, vfs);
        Trace trace;
        try {
            trace = Scenarios.load(scenario, vfs);
        } catch (TraceException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Study.Builder study = Study.of(Scenarios.displayName(scenario), trace, c).schemeIds(schemes).notifyRouteIds(notify).faults(parsed);
        if (firmware != null) {
            study.program(firmware);
        }
        StudyResult r = study.build().run();
        Map<String, RunResult> s = new LinkedHashMap<>();
        r.schemes().forEach(x -> s.put(x.name(), x));
        Map<String, RunResult> n = new LinkedHashMap<>();
        r.notifyRoutes().forEach(x -> n.put(x.name(), x));
        return new Results(r.name(), c, s, n);
    }
}
