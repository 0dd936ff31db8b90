package org.virtiosim.testbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.DeviceTiming;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.sensitivity.Figures;
import org.virtiosim.testbench.sensitivity.Sensitivity;
import org.virtiosim.testbench.sensitivity.SensitivityResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The sensitivity report: well-formed charts, one tornado per scheme, bars widest first. */
class SensitivityHtmlTest {
    private static final List<String> SCHEMES = List.of("a", "b<c", "d");

    private static SensitivityResult planted() {
        // The VM exit moves every scheme by its own value; the firmware command cost moves d ten times as much.
        return Sensitivity.of(SCHEMES, v -> {
            double exit = v.get(HostTiming.VM_EXIT_NS);
            double cmd = v.get(DeviceTiming.FIRMWARE_COMMAND_CYCLES);
            return List.of(new Figures(exit, 1), new Figures(exit + 100, 2), new Figures(exit + 10 * cmd, 3));
        }, ParamValues.defaults(), List.of(HostTiming.VM_EXIT_NS, DeviceTiming.FIRMWARE_COMMAND_CYCLES)).run();
    }

    private static List<String> svgs(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static Document xml(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oneWellFormedTornadoPerSchemeWidestSwingFirst() throws Exception {
        String html = HtmlReport.sensitivity("probe", CompareConfig.defaults(4), planted(), List.of());
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</body></html>\n").doesNotContain("<script");
        List<String> charts = svgs(html);
        assertThat(charts).hasSize(SCHEMES.size());
        for (int i = 0; i < charts.size(); i++) {
            Document d = xml(charts.get(i));
            String title = d.getElementsByTagName("text").item(0).getTextContent();
            assertThat(title).startsWith(SCHEMES.get(i) + ": ");
            // Two bars per parameter (low end, high end).
            var rects = d.getElementsByTagName("rect");
            int bars = 0;
            for (int k = 0; k < rects.getLength(); k++) {
                bars += "swing".equals(((Element) rects.item(k)).getAttribute("class")) ? 1 : 0;
            }
            assertThat(bars).isEqualTo(4);
        }
        // d moves 95000 cycles with the command cost against 4500 with the exit: its chart lists the command cost first.
        Document d = xml(charts.get(2));
        List<String> labels = new ArrayList<>();
        var texts = d.getElementsByTagName("text");
        for (int k = 0; k < texts.getLength(); k++) {
            labels.add(texts.item(k).getTextContent());
        }
        assertThat(labels.indexOf("firmware_command_cycles")).isLessThan(labels.indexOf("vm_exit_ns")).isNotNegative();
        Document a = xml(charts.get(0));
        List<String> aLabels = new ArrayList<>();
        for (int k = 0; k < a.getElementsByTagName("text").getLength(); k++) {
            aLabels.add(a.getElementsByTagName("text").item(k).getTextContent());
        }
        assertThat(aLabels.indexOf("vm_exit_ns")).isLessThan(aLabels.indexOf("firmware_command_cycles"));
        assertThat(html).contains("b&lt;c").doesNotContain("b<c");
    }

    @Test
    void theSameResultGivesTheSameBytes() {
        assertThat(HtmlReport.sensitivity("probe", CompareConfig.defaults(4), planted(), List.of("vm_exit_ns=900")))
                .isEqualTo(HtmlReport.sensitivity("probe", CompareConfig.defaults(4), planted(), List.of("vm_exit_ns=900")))
                .contains("base vm_exit_ns=900");
    }
}
