package org.virtiosim.testbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.catalog.Catalog;
import org.virtiosim.device.notify.NotifyRoute;
import org.virtiosim.device.scheme.DeviceCost;
import org.virtiosim.device.scheme.LegacyScheme;
import org.virtiosim.testbench.compare.ParameterDocs;
import org.virtiosim.testbench.compare.Parameters;
import org.virtiosim.testbench.compare.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code virtio-sim list}: what there is to run and to change, from the catalog and the parameter declarations. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the built-in scenarios, the schemes, the notification paths, the device profiles and every --set parameter.")
final class ListCommand implements Callable<Integer> {
    /** The VF counts whose device cost is shown per scheme. */
    private static final List<Integer> COST_AT = List.of(1, 64, 4096, 65535);
    /** The legacy register state of one VF of the default device (virtio-net), which every scheme acts on. */
    private static final int STATE_BYTES = org.virtiosim.device.legacy.LegacyRegisterFile.virtioNet(1).stateBytes();

    @Spec
    CommandSpec spec;
    @Option(names = "--json", description = "print JSON: schemes and notification paths with their knobs and device cost, parameters, scenarios")
    boolean json;
    @Option(names = "--markdown", description = "print the parameter table of docs/parameters.md")
    boolean markdown;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json()));
        } else if (markdown) {
            out.print(ParameterDocs.table());
        } else {
            text(out);
        }
        out.flush();
        return Main.EXIT_OK;
    }

    private static ObjectNode json() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        ArrayNode schemes = root.putArray("schemes");
        for (LegacyScheme s : Catalog.SCHEMES.all()) {
            ObjectNode n = schemes.addObject();
            n.put("id", s.id());
            n.put("description", s.description());
            knobs(n.putArray("knobs"), s.knobs());
            ArrayNode cost = n.putArray("device_cost");
            for (int vfs : COST_AT) {
                for (org.virtiosim.device.Backing backing : org.virtiosim.device.Backing.values()) {
                    DeviceCost c = s.cost(ParamValues.defaults().with(org.virtiosim.device.Backing.PARAM, backing), vfs, STATE_BYTES);
                    ObjectNode row = cost.addObject().put("vfs", vfs).put("backing", org.virtiosim.core.param.Param.id(backing));
                    org.virtiosim.testbench.study.CompareReport.deviceCost(row, c);
                    row.put("note", c.note());
                }
            }
        }
        ArrayNode routes = root.putArray("notify_paths");
        for (NotifyRoute r : Catalog.NOTIFY_ROUTES.all()) {
            ObjectNode n = routes.addObject();
            n.put("id", r.id());
            n.put("description", r.description());
            knobs(n.putArray("knobs"), r.knobs());
        }
        ArrayNode firmwares = root.putArray("firmwares");
        for (org.virtiosim.device.catalog.FirmwareEntry f : org.virtiosim.device.catalog.Firmwares.REGISTRY.all()) {
            firmwares.addObject().put("id", f.id()).put("description", f.description());
        }
        knobs(root.putArray("parameters"), Parameters.ALL.all());
        ArrayNode profiles = root.putArray("device_profiles");
        for (org.virtiosim.device.profile.DeviceProfile d : org.virtiosim.device.profile.DeviceProfiles.REGISTRY.all()) {
            ObjectNode n = profiles.addObject().put("id", d.id()).put("description", d.description()).put("source", d.source());
            ObjectNode set = n.putObject("sets");
            for (org.virtiosim.device.profile.DeviceProfile.Setting<?> st : d.settings()) {
                set.put(st.param().name(), st.valueText());
            }
        }
        ArrayNode scenarios = root.putArray("scenarios");
        Scenarios.BUILT_IN.forEach(scenarios::add);
        return root;
    }

    private static void knobs(ArrayNode into, List<Param<?>> params) {
        for (Param<?> p : params) {
            ObjectNode n = into.addObject().put("name", p.name()).put("unit", p.unit()).put("default", p.defaultText()).put("values", p.range())
                    .put("meaning", p.meaning()).put("source", p.source());
            study(n, p);
        }
    }

    /** The study range: {@code low}, {@code high}, every value tried ({@code tried}), whether it is a span, and its reason. */
    private static <T> void study(ObjectNode n, Param<T> p) {
        p.study().ifPresent(r -> {
            ObjectNode s = n.putObject("study");
            s.put("low", p.format(r.low())).put("high", p.format(r.high())).put("span", r.span());
            ArrayNode values = s.putArray("tried");
            r.values().forEach(v -> values.add(p.format(v)));
            s.put("reason", r.reason());
        });
    }

    private static void text(PrintWriter out) {
        out.println("scenarios (--scenario NAME, or a trace file):");
        for (String d : Scenarios.DESCRIPTIONS) {
            out.println("  " + d);
        }
        out.println();
        out.println("schemes (--schemes):");
        for (LegacyScheme s : Catalog.SCHEMES.all()) {
            out.printf(Locale.ROOT, "  %-12s %s%n", s.id(), s.description());
            if (!s.knobs().isEmpty()) {
                out.printf(Locale.ROOT, "  %-12s knobs: %s%n", "", String.join(", ", s.knobs().stream().map(Param::name).toList()));
            }
        }
        out.println("notification paths (--notify):");
        for (NotifyRoute r : Catalog.NOTIFY_ROUTES.all()) {
            out.printf(Locale.ROOT, "  %-12s %s%n", r.id(), r.description());
        }
        out.println();
        out.println("device profiles (--device-profile NAME, or device_profile in a scenario file; --set wins over them):");
        for (org.virtiosim.device.profile.DeviceProfile d : org.virtiosim.device.profile.DeviceProfiles.REGISTRY.all()) {
            out.printf(Locale.ROOT, "  %-16s %s%n", d.id(), d.description());
            out.printf(Locale.ROOT, "  %-16s sets %s%n", "", d.settingsText());
        }
        out.println();
        out.println("firmwares (--firmware NAME, or a class on --firmware-classpath):");
        for (org.virtiosim.device.catalog.FirmwareEntry f : org.virtiosim.device.catalog.Firmwares.REGISTRY.all()) {
            out.printf(Locale.ROOT, "  %-20s %s%n", f.id(), f.description());
        }
        out.println();
        out.println("parameters (--set name=value; all defaults with sources: docs/parameters.md):");
        out.printf(Locale.ROOT, "  %-24s %-14s %-34s %-42s %s%n", "name", "default", "study range", "meaning", "source");
        for (String[] row : Parameters.table()) {
            out.printf(Locale.ROOT, "  %-24s %-14s %-34s %-42s %s%n", row[0], row[1], row[2], row[3], row[4]);
        }
    }
}
