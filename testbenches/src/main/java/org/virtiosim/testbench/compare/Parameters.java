package org.virtiosim.testbench.compare;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamSet;
import org.virtiosim.device.Backing;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.device.notify.NotifyRoute;
import org.virtiosim.device.scheme.LegacyScheme;
import org.virtiosim.pcie.host.HostModel;
import org.virtiosim.pcie.txn.DmaEngineTiming;

/**
 * Every parameter a run admits, in the order {@code list} and docs/parameters.md show them: the
 * topology's, the host's, the device's, then each scheme's and each notify route's own knobs from
 * the catalog. Each is declared once, next to what reads it; {@code --set}, scenario files, sweeps
 * and the docs all go through {@link #ALL}.
 */
public final class Parameters {
    public static final ParamSet ALL = new ParamSet(collect());

    private Parameters() {
    }

    private static List<Param<?>> collect() {
        LinkedHashSet<Param<?>> all = new LinkedHashSet<>();
        all.add(CompareConfig.LINK);
        all.add(CompareConfig.COMPLETION_TIMEOUT_US);
        all.addAll(Testbench.KNOBS);
        all.addAll(HostTiming.KNOBS);
        all.addAll(HostModel.KNOBS);
        all.add(Backing.PARAM);
        all.addAll(DeviceTiming.KNOBS);
        all.add(org.virtiosim.device.legacy.VirtioNetConfig.MAC_APPLY);
        all.addAll(org.virtiosim.device.legacy.LegacyRegisterFile.KNOBS); // the device identity a guest reads
        all.addAll(org.virtiosim.device.legacy.VirtioNetConfig.KNOBS);
        all.add(DmaEngineTiming.REQUEST_NS); // dma_read_byte_ps is the benches' only: the AQ engine does not charge it
        for (LegacyScheme s : Catalog.SCHEMES.all()) {
            all.addAll(s.knobs()); // a knob two schemes share (the window's) is listed once
        }
        for (NotifyRoute r : Catalog.NOTIFY_ROUTES.all()) {
            all.addAll(r.knobs());
        }
        return new ArrayList<>(all);
    }

    /** Applies one {@code name=value}; throws IllegalArgumentException with a one-line reason. */
    public static CompareConfig apply(CompareConfig c, String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--set '" + assignment + "': expected name=value");
        }
        return set(c, assignment.substring(0, eq).trim(), assignment.substring(eq + 1).trim());
    }

    /** Sets one parameter from its text; throws IllegalArgumentException with a one-line reason. */
    public static CompareConfig set(CompareConfig c, String name, String value) {
        try {
            return c.withParams(ALL.set(c.params(), name, value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((ALL.find(name) == null ? "--set: " : "--set ") + e.getMessage());
        }
    }

    /**
     * {@code c} with the device profile {@code id} applied (its identity parameters set; what is
     * set after it wins); an unknown id is an IllegalArgumentException naming the known ones.
     */
    public static CompareConfig withProfile(CompareConfig c, String id) {
        return c.withParams(org.virtiosim.device.profile.DeviceProfiles.REGISTRY.require(id).applyTo(c.params()));
    }

    /** One row per parameter: name, default value, study range, meaning and unit, source. */
    public static List<String[]> table() {
        List<String[]> rows = new ArrayList<>();
        for (Param<?> p : ALL.all()) {
            rows.add(new String[] {p.name(), p.defaultText(), p.studyText(), p.meaning().isEmpty() ? p.range() : p.meaning(), p.source()});
        }
        return rows;
    }

}
