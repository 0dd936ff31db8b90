package org.virtiosim.testbench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.StudyRange;
import org.virtiosim.testbench.study.CompareReport;
import org.virtiosim.testbench.study.Study;

/**
 * Every parameter {@code list} shows changes some built-in scenario's result somewhere in its study
 * range — a knob that changes nothing misleads whoever turns it — or is declared inert here with the
 * reason. Some matter only with another knob set (a retry pause needs the policy that retries);
 * {@link #CONTEXT} says which, and why.
 */
class EveryParameterHasAnEffectTest {
    /** Parameters that change nothing in any compare, and why. */
    static final Map<String, String> INERT = Map.of(
            "root_port_tag_sharing", "compare's host halves do not say which CPU issues a request, so the testbench gives the root "
                    + "port one CPU and per-cpu pools equal the shared one; RootComplex's CPU-indexed calls use it (TagPoolTest)",
            "max_virtqueue_pairs", "no built-in scenario reads device config +8: Linux's legacy virtio_net reads max_virtqueue_pairs only "
                    + "with VIRTIO_NET_F_MQ, which no default offers; a read there returns it (DeviceIdentityTest)");

    /** Settings under which a parameter matters, with the reason it needs them. */
    static final Map<String, List<String>> CONTEXT = Map.of(
            "aq_retry_ns", List.of("aq_reset_read=tryagain"), // only an EAGAIN answer is retried
            "poll_interval_ns", List.of("aq_mode=poll-serial"), // only the polling driver turns the poll loop
            "reset_poll_interval_ns", List.of("mmio_read_during_reset=host-poll"), // only host-poll polls a reset
            "aq_logic_command_cycles", List.of("backing=hardware")); // only a hardware-backed aq has a logic command engine

    /** Where to look: scenario and VF count, in the order tried (the first that shows a change ends the search). */
    private static final List<Object[]> PROBES = List.of(new Object[] {Scenarios.DEFAULT, 8}, new Object[] {"reset-storm", 64},
            new Object[] {"mac-coalesced", 8});

    static List<String> parameters() {
        List<String> names = new ArrayList<>();
        Parameters.ALL.all().forEach(p -> names.add(p.name()));
        return names;
    }

    private static String report(String scenario, int vfs, List<String> settings) throws Exception {
        CompareConfig c = Scenarios.config(scenario, vfs);
        for (String s : settings) {
            c = Parameters.apply(c, s);
        }
        return CompareReport.json(List.of(Study.of(scenario, Scenarios.load(scenario, vfs), c).build().run()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parameters")
    void changesSomeResultOrIsDeclaredInert(String name) throws Exception {
        Param<?> p = Parameters.ALL.find(name);
        if (INERT.containsKey(name)) {
            assertThat(INERT.get(name)).as("a stated reason").isNotBlank();
            return;
        }
        List<String> context = CONTEXT.getOrDefault(name, List.of());
        List<String> tried = new ArrayList<>();
        for (String alternative : alternatives(p)) {
            for (Object[] probe : PROBES) {
                String scenario = (String) probe[0];
                int vfs = (Integer) probe[1];
                List<String> with = new ArrayList<>(context);
                with.add(name + "=" + alternative);
                if (!report(scenario, vfs, with).equals(report(scenario, vfs, context))) {
                    return; // it changes a result: what a knob must do
                }
                tried.add(name + "=" + alternative + " on " + scenario + "@" + vfs);
            }
        }
        throw new AssertionError(name + " changed no result (" + String.join("; ", tried) + "): fix the model or declare it inert with "
                + "the reason in INERT");
    }

    /** The study range's values other than the default, as --set takes them. */
    private static <T> List<String> alternatives(Param<T> p) {
        StudyRange<T> r = p.study().orElseThrow();
        List<String> out = new ArrayList<>();
        for (T v : r.values()) {
            if (!v.equals(p.defaultValue())) {
                out.add(p.format(v));
            }
        }
        return out;
    }
}
