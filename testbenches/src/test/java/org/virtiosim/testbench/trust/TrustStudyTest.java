package org.virtiosim.testbench.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.virtiosim.device.catalog.Catalog;

/** The trust study's outcomes follow from the model: who catches what, and that no breach goes unreported. */
class TrustStudyTest {
    static List<TrustRow> rows;

    @BeforeAll
    static void run() {
        rows = new TrustStudy(TrustStudy.DEFAULT_VFS, 1).run();
    }

    private static TrustRow row(String scheme, String route, String fault) {
        return rows.stream().filter(r -> r.scheme().equals(scheme) && r.notifyRoute().equals(route) && r.fault().equals(fault))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + scheme + " " + route + " " + fault));
    }

    @Test
    void theIsolationCheckReportsExactlyTheBreachesAndNoBreachGoesUnnoticed() {
        for (TrustRow r : rows) {
            boolean breach = r.classification().equals(TrustRow.BREACH);
            assertThat(r.detectedBy().contains(TrustRow.ISOLATION)).as(r.fault() + " on " + r.scheme()).isEqualTo(breach);
            assertThat(breach).as(r.fault()).isEqualTo(!r.otherVfs().isEmpty());
            if (!r.fired()) {
                assertThat(r.classification()).as(r.fault()).isEqualTo(TrustRow.NO_EFFECT);
            }
        }
    }

    @Test
    void aWrongOwnerSlotPassesTheHostsChecksAndKicksTheOtherVf() {
        TrustRow r = row("aq", "pf-bar", "notify-info-offset@1:0x4");
        assertThat(r.otherVfs()).containsExactly(2);
        assertThat(r.detectedBy()).isEqualTo(TrustRow.ISOLATION);
        assertThat(r.guestSees()).contains("its queues kicked 0 of");
    }

    @Test
    void aMemberOffsetOutsideTheVfBarIsRefusedByTheHostAndTheVfsNotifiesFail() {
        TrustRow r = row("aq", "vf-bar", "notify-info-offset@1:0x1200");
        assertThat(r.detectedBy()).startsWith(TrustRow.HOST);
        assertThat(r.otherVfs()).isEmpty();
        assertThat(r.classification()).isEqualTo(TrustRow.WRONG);
        assertThat(r.guestSees()).contains("accesses failed");
    }

    @Test
    void anOffsetNoRegisterClaimsIsAnUnsupportedRequestAtTheDevice() {
        TrustRow r = row("aq", "vf-bar", "notify-info-offset@1:0x0");
        assertThat(r.detectedBy()).startsWith(TrustRow.DEVICE).contains("UR");
        assertThat(r.otherVfs()).isEmpty();
    }

    @Test
    void aMemberThatDoesNotExistIsRefusedByTheDeviceWithInvalidMember() {
        rows.stream().filter(r -> r.fault().startsWith("aq-member@") && r.fault().endsWith(":" + (TrustStudy.DEFAULT_VFS + 1)))
                .forEach(r -> {
                    assertThat(r.detectedBy()).as(r.fault()).contains("EINVAL/INVALID_MEMBER");
                    assertThat(r.classification()).isEqualTo(TrustRow.WRONG);
                });
    }

    @Test
    void theVfCapabilityIsOutOfThePfDriversReach() {
        TrustRow r = rows.stream().filter(x -> x.notifyInfo().equals("vf-cap")).findFirst().orElseThrow();
        assertThat(r.fired()).isFalse();
    }

    @Test
    void everySchemeAndRouteHasATrustDeclaration() {
        Catalog.SCHEMES.all().forEach(s -> assertThat(TrustDeclaration.of(s.id()).trusts()).isNotBlank());
        Catalog.NOTIFY_ROUTES.all().forEach(r -> assertThat(TrustDeclaration.of("route " + r.id()).trusts()).isNotBlank());
    }

    @Test
    void jsonHasOneTrustObjectPerRowAndTextOneLinePerRow() throws Exception {
        JsonNode j = new ObjectMapper().readTree(TrustReport.json(TrustStudy.DEFAULT_VFS, 1, rows));
        assertThat(j.get("trust")).hasSize(rows.size());
        assertThat(j.get("trust").get(0).fieldNames()).toIterable().contains("scheme", "notify_route", "fault", "trusts", "guest_sees",
                "other_vfs_affected", "detected_by", "classification");
        StringWriter w = new StringWriter();
        TrustReport.text(new PrintWriter(w), TrustStudy.DEFAULT_VFS, 1, rows);
        assertThat(w.toString().lines().filter(l -> l.startsWith("| ") && l.contains("`"))).hasSize(rows.size());
    }
}
