package org.virtiosim.testbench.cli;

import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.virtiosim.device.Backing;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.device.catalog.Firmwares;
import org.virtiosim.device.profile.DeviceProfiles;
import org.virtiosim.testbench.compare.Parameters;
import org.virtiosim.testbench.compare.Scenarios;
import org.virtiosim.testbench.fault.Faults;

/**
 * What shell completion offers for an option's value ({@code virtio-sim completion}): picocli's
 * {@code completionCandidates}, each read from the registry the option itself resolves names in,
 * so a scheme, route, scenario, profile, firmware, fault kind or parameter added there is completed too.
 */
final class Candidates {
    private Candidates() {
    }

    /** The ids a registry has now, read when the completion script is written. */
    private abstract static class FromRegistry implements Iterable<String> {
        private final Supplier<List<String>> ids;

        FromRegistry(Supplier<List<String>> ids) {
            this.ids = ids;
        }

        @Override
        public final Iterator<String> iterator() {
            return ids.get().iterator();
        }
    }

    /** {@code --schemes}, {@code --scheme}: {@link Catalog#SCHEMES}. */
    static final class Schemes extends FromRegistry {
        Schemes() {
            super(Catalog.SCHEMES::ids);
        }
    }

    /** {@code --fst-pack}: {@link org.virtiosim.waveforms.FstPack}. */
    static final class FstPacks extends FromRegistry {
        FstPacks() {
            super(() -> java.util.Arrays.stream(org.virtiosim.waveforms.FstPack.values()).map(org.virtiosim.waveforms.FstPack::cliName).toList());
        }
    }

    /** {@code --notify}: {@link Catalog#NOTIFY_ROUTES}. */
    static final class NotifyRoutes extends FromRegistry {
        NotifyRoutes() {
            super(Catalog.NOTIFY_ROUTES::ids);
        }
    }

    /** {@code --scenario} (a file is completed by the shell's own file completion): {@link Scenarios#REGISTRY}. */
    static final class BuiltInScenarios extends FromRegistry {
        BuiltInScenarios() {
            super(Scenarios.REGISTRY::ids);
        }
    }

    /** {@code --device-profile}: {@link DeviceProfiles#REGISTRY}. */
    static final class Profiles extends FromRegistry {
        Profiles() {
            super(DeviceProfiles.REGISTRY::ids);
        }
    }

    /** {@code --firmware} (a class on --firmware-classpath is not listed): {@link Firmwares#REGISTRY}. */
    static final class BuiltInFirmwares extends FromRegistry {
        BuiltInFirmwares() {
            super(Firmwares.REGISTRY::ids);
        }
    }

    /** {@code --backing}: the values {@link Backing#PARAM} accepts. */
    static final class Backings extends FromRegistry {
        Backings() {
            super(() -> java.util.Arrays.stream(Backing.values()).map(org.virtiosim.core.param.Param::id).toList());
        }
    }

    /** {@code --fault}: {@code kind@} for every kind of fault ({@link Faults#KINDS}), the argument left to type. */
    static final class FaultKinds extends FromRegistry {
        FaultKinds() {
            super(() -> Faults.KINDS.ids().stream().map(k -> k + "@").toList());
        }
    }

    /** {@code --parameters}: every parameter name ({@link Parameters#ALL}). */
    static final class ParameterNames extends FromRegistry {
        ParameterNames() {
            super(Parameters.ALL::names);
        }
    }

    /** {@code --set}: {@code name=} for every parameter, the value left to type. */
    static final class Assignments extends FromRegistry {
        Assignments() {
            super(() -> Parameters.ALL.names().stream().map(n -> n + "=").toList());
        }
    }
}
