package org.virtiosim.testbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.virtiosim.testbench.claims.ClaimContext;
import org.virtiosim.testbench.claims.ClaimResult;
import org.virtiosim.testbench.claims.Claims;
import org.virtiosim.testbench.compare.CompareConfig;

/** The claims page: a section per claim in the registry, each with its plots, drawn from its evidence, self-contained. */
class ClaimsHtmlTest {
    private static final CompareConfig CFG = CompareConfig.defaults(2);
    private static final List<Integer> SERIES = List.of(1, 4);
    private static List<ClaimResult> results;
    private static String page;

    @BeforeAll
    static void run() {
        results = Claims.check(new ClaimContext(CFG, false, SERIES));
        page = ClaimsHtml.page(CFG, results, List.of("--vfs 2", "--series 1,4"));
    }

    @Test
    void everyClaimInTheRegistryHasASectionWithItsRuleVerdictEvidenceAndPlots() {
        String[] sections = page.split("<section ", -1);
        assertThat(sections).hasSize(Claims.REGISTRY.all().size() + 1);
        for (int i = 1; i < sections.length; i++) {
            ClaimResult r = results.get(i - 1);
            String s = sections[i].substring(0, sections[i].indexOf("</section>"));
            assertThat(s).startsWith("id=\"claim-" + r.claim().id() + "\"").contains(Svg.esc(r.claim().rule()), "<caption>evidence</caption>",
                    "class=\"verdict " + r.verdict().id() + "\"");
            assertThat(s.split("<svg ", -1).length - 1).as("claim %d", r.claim().id()).isEqualTo(r.claim().plots().size()).isPositive();
        }
        assertThat(page).contains("<th class=\"text\">parameters</th><td class=\"text\">--vfs 2 --series 1,4</td>",
                "<th class=\"text\">backing</th>", "href=\"#claim-10\"");
    }

    @Test
    void theResetSeriesIsPlottedOneLinePerPolicyOnALogAxisOfVfs() {
        String claim4 = page.substring(page.indexOf("id=\"claim-4\""), page.indexOf("id=\"claim-5\""));
        String chart = claim4.substring(claim4.indexOf("<svg "), claim4.indexOf("</svg>"));
        assertThat(chart).contains("VFs (log)", ">stall<", ">stale<", ">host-poll<");
        Matcher m = Pattern.compile("<polyline [^>]*points=\"([^\"]*)\"").matcher(chart);
        int lines = 0;
        while (m.find()) {
            assertThat(m.group(1).trim().split(" ")).hasSize(SERIES.size());
            lines++;
        }
        assertThat(lines).isEqualTo(3);
        // The series' table: a row per point.
        assertThat(claim4.split("<tr><td>stall</td>", -1).length - 1).isEqualTo(SERIES.size());
    }

    @Test
    void thePageIsSelfContainedAndTheSameBytesForTheSameResults() {
        assertThat(page).startsWith("<!DOCTYPE html>").doesNotContain("<script", "src=\"http", "href=\"http", "url(", "@import");
        assertThat(ClaimsHtml.page(CFG, results, List.of("--vfs 2", "--series 1,4"))).isEqualTo(page);
    }
}
