package org.virtiosim.testbench.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.virtiosim.device.Backing;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.device.firmware.DefaultFirmware;
import org.virtiosim.device.firmware.Firmware;
import org.virtiosim.device.firmware.FirmwareProgram;
import org.virtiosim.device.notify.NotifyRoute;
import org.virtiosim.device.scheme.LegacyScheme;
import org.virtiosim.device.scheme.mmio.MmioScheme;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.RunResult;
import org.virtiosim.testbench.compare.Testbench;
import org.virtiosim.testbench.fault.Fault;
import org.virtiosim.testbench.fault.Faults;
import org.virtiosim.testbench.trace.Trace;

/**
 * One study: a workload on every VF, once per scheme and once per notify route, with the same
 * topology, parameters, seed and faults. {@code compare}, {@code replay}, {@code sweep}, scenario
 * files and the regression kit all build one of these and call {@link #run()}; nothing else
 * assembles runs.
 *
 * <p>A scheme run measures every guest access, its queue notifies going by the run's one
 * {@link Testbench#NOTIFY_ROUTE} whatever the scheme. A notify-route run sets up through
 * {@link #NOTIFY_SETUP_SCHEME} unmeasured, then measures the notifies alone through the route.
 * With several backings every run is made once per backing; with {@link Builder#repeat} the
 * whole study once per seed (the config's seed, then the next ones).
 */
public final class Study {
    /** The scheme the notify table's unmeasured set-up phase goes through. */
    public static final String NOTIFY_SETUP_SCHEME = MmioScheme.ID;

    /**
     * How one run is carried out: plainly, or traced to a waveform (the CLI's {@code --vcd}). With a
     * {@link Builder#pool} of several threads, runs are carried out at once on its threads: a runner
     * must then keep nothing shared between runs but what it guards.
     */
    @FunctionalInterface
    public interface Runner {
        RunResult run(Slot slot, Supplier<Testbench> testbench);
    }

    /**
     * Where a run sits in its study, whatever thread carries it out.
     *
     * @param index its place in the order runs are reported: per seed, per backing, schemes then notify routes
     * @param seed which seed, 0 for the config's ({@link Builder#repeat})
     * @param backing the run's backing
     * @param name the run's name (scheme or route id)
     * @param scheme true for a scheme run, false for a notify-route run
     */
    public record Slot(int index, int seed, Backing backing, String name, boolean scheme) {
    }

    /** What results name a firmware given as a function ({@link Builder#firmware(Function)}, {@link Builder#program}) by. */
    public static final String CUSTOM_FIRMWARE = "custom";

    private static final Runner PLAIN = (slot, tb) -> tb.get().run(slot.name());

    private final String name;
    private final Trace workload;
    private final CompareConfig config;
    private final List<LegacyScheme> schemes;
    private final List<NotifyRoute> notifyRoutes;
    private final List<Fault> faults;
    private final Function<DeviceTiming, FirmwareProgram> firmware;
    private final String firmwareName;
    private final Testbench.MismatchLog mismatchLog;
    private final Runner runner;
    private final List<Backing> backings;
    private final int repeat;
    private final RunPool pool;

    private Study(Builder b) {
        this.name = b.name;
        this.workload = b.workload;
        this.config = b.config;
        this.schemes = List.copyOf(b.schemes);
        this.notifyRoutes = List.copyOf(b.notifyRoutes);
        this.faults = List.copyOf(b.faults);
        this.firmware = b.firmware;
        this.firmwareName = b.firmwareName;
        this.mismatchLog = b.mismatchLog;
        this.runner = b.runner;
        this.backings = b.backings == null ? List.of(b.config.get(Backing.PARAM)) : List.copyOf(b.backings);
        this.repeat = b.repeat;
        this.pool = b.pool;
    }

    /** A study of {@code workload} (already loaded for the config's number of VFs), named {@code name} in reports. */
    public static Builder of(String name, Trace workload, CompareConfig config) {
        return new Builder(name, workload, config);
    }

    public String name() {
        return name;
    }

    public CompareConfig config() {
        return config;
    }

    public List<LegacyScheme> schemes() {
        return schemes;
    }

    public List<NotifyRoute> notifyRoutes() {
        return notifyRoutes;
    }

    public List<Fault> faults() {
        return faults;
    }

    public List<Backing> backings() {
        return backings;
    }

    /** The name results report the device's firmware by. */
    public String firmwareName() {
        return firmwareName;
    }

    /** Runs the study at the config's seed: every scheme, then every notify route, per backing, in the order given. */
    public StudyResult run() {
        return run(1).get(0);
    }

    /** Runs the study once per seed ({@link Builder#repeat}): the config's seed first, then seed + 1, ... */
    public List<StudyResult> runRepeated() {
        return run(repeat);
    }

    /** Every run of {@code seeds} seeds at once on the pool, merged per seed in the order of {@link Slot#index()}. */
    private List<StudyResult> run(int seeds) {
        LegacyScheme setup = Catalog.SCHEMES.require(NOTIFY_SETUP_SCHEME);
        List<Slot> slots = new ArrayList<>();
        List<Supplier<RunResult>> runs = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            CompareConfig seeded = config.withSeed(config.seed() + i);
            for (Backing b : backings) {
                CompareConfig c = seeded.withParams(seeded.params().with(Backing.PARAM, b));
                for (LegacyScheme scheme : schemes) {
                    Slot slot = new Slot(slots.size(), i, b, scheme.id(), true);
                    slots.add(slot);
                    runs.add(() -> runner.run(slot, () -> testbench(c, scheme, null, false)));
                }
                for (NotifyRoute route : notifyRoutes) {
                    Slot slot = new Slot(slots.size(), i, b, route.id(), false);
                    slots.add(slot);
                    runs.add(() -> runner.run(slot, () -> testbench(c, setup, route, true)));
                }
            }
        }
        List<RunResult> done = pool.simulations(config.vfs(), runs);
        List<StudyResult> out = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            List<RunResult> s = new ArrayList<>();
            List<RunResult> n = new ArrayList<>();
            for (Slot slot : slots) {
                if (slot.seed() == i) {
                    (slot.scheme() ? s : n).add(done.get(slot.index()));
                }
            }
            out.add(new StudyResult(name, config.withSeed(config.seed() + i), Faults.specs(faults), s, n, firmwareName));
        }
        return out;
    }

    private Testbench testbench(CompareConfig config, LegacyScheme scheme, NotifyRoute route, boolean notifiesOnly) {
        Testbench tb = new Testbench(config, scheme, route, notifiesOnly, workload, mismatchLog, firmware.apply(config.device()));
        Faults.install(tb, faults);
        return tb;
    }

    /** Builds a {@link Study}; every list defaults to the catalog's whole list, faults to none. */
    public static final class Builder {
        private final String name;
        private final Trace workload;
        private final CompareConfig config;
        private List<LegacyScheme> schemes = Catalog.SCHEMES.all();
        private List<NotifyRoute> notifyRoutes = Catalog.NOTIFY_ROUTES.all();
        private List<Fault> faults = List.of();
        private Function<DeviceTiming, FirmwareProgram> firmware = FirmwareChoice.DEFAULT.program();
        private String firmwareName = FirmwareChoice.DEFAULT.name();
        private Testbench.MismatchLog mismatchLog;
        private Runner runner = PLAIN;
        private List<Backing> backings;
        private int repeat = 1;
        private RunPool pool = RunPool.SEQUENTIAL;

        private Builder(String name, Trace workload, CompareConfig config) {
            this.name = Objects.requireNonNull(name);
            this.workload = Objects.requireNonNull(workload);
            this.config = Objects.requireNonNull(config);
        }

        public Builder schemes(List<LegacyScheme> s) {
            this.schemes = s;
            return this;
        }

        /** By id; an unknown one is an IllegalArgumentException naming it and the known ones. */
        public Builder schemeIds(List<String> ids) {
            return schemes(ids.stream().map(Catalog.SCHEMES::require).toList());
        }

        public Builder notifyRoutes(List<NotifyRoute> r) {
            this.notifyRoutes = r;
            return this;
        }

        /** By id; an unknown one is an IllegalArgumentException naming it and the known ones. */
        public Builder notifyRouteIds(List<String> ids) {
            return notifyRoutes(ids.stream().map(Catalog.NOTIFY_ROUTES::require).toList());
        }

        public Builder faults(List<Fault> f) {
            this.faults = f;
            return this;
        }

        /** The device's firmware, built from each run's device timing (default: a fixed cost per access and command). */
        public Builder firmware(Function<DeviceTiming, Firmware> f) {
            Objects.requireNonNull(f);
            this.firmware = t -> new DefaultFirmware(f.apply(t));
            this.firmwareName = CUSTOM_FIRMWARE;
            return this;
        }

        /** The device's firmware as a program (handlers on its cores), built from each run's device timing. */
        public Builder program(Function<DeviceTiming, FirmwareProgram> p) {
            this.firmware = Objects.requireNonNull(p);
            this.firmwareName = CUSTOM_FIRMWARE;
            return this;
        }

        /** The device's firmware by name (the CLI's {@code --firmware}): a built-in one or a team's class; results name it. */
        public Builder firmwareChoice(FirmwareChoice f) {
            this.firmware = f.program();
            this.firmwareName = f.name();
            return this;
        }

        /** Hears each mismatching read (replay prints them with their trace line). */
        public Builder mismatchLog(Testbench.MismatchLog log) {
            this.mismatchLog = log;
            return this;
        }

        /** Every run once per backing, in this order (default: the config's one backing). */
        public Builder backings(List<Backing> b) {
            if (b.isEmpty()) {
                throw new IllegalArgumentException("backings: at least one");
            }
            this.backings = b;
            return this;
        }

        /** How many seeds {@link Study#runRepeated()} runs, 1..1000. */
        public Builder repeat(int n) {
            if (n < 1 || n > 1000) {
                throw new IllegalArgumentException("repeat must be 1..1000, got " + n);
            }
            this.repeat = n;
            return this;
        }

        /** Where the runs are carried out (default {@link RunPool#SEQUENTIAL}: one after another on the caller's thread). */
        public Builder pool(RunPool p) {
            this.pool = Objects.requireNonNull(p);
            return this;
        }

        public Builder runner(Runner r) {
            this.runner = Objects.requireNonNull(r);
            return this;
        }

        public Study build() {
            return new Study(this);
        }
    }
}
