package org.virtiosim.device.catalog;

import org.virtiosim.device.Backing;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.DeviceFixture;
import org.virtiosim.device.DeviceFixture.Done;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.device.legacy.LegacyRegister;
import org.virtiosim.device.legacy.VirtioNetConfig;
import org.virtiosim.device.notify.NotifyPath;
import org.virtiosim.device.notify.NotifyRoute;
import org.virtiosim.device.scheme.DeviceCost;
import org.virtiosim.device.scheme.LegacyScheme;

/**
 * The registry everything else reads: ids unique, and every scheme and every notify route works
 * end to end when installed as the testbench installs them (the scheme, then every route).
 */
class CatalogTest {
    @Test
    void schemeIdsAreUniqueAndKnown() {
        List<String> ids = Catalog.SCHEMES.ids();
        assertThat(ids).doesNotHaveDuplicates().contains("mmio", "indirect", "aq");
        for (LegacyScheme s : Catalog.SCHEMES.all()) {
            assertThat(Catalog.SCHEMES.find(s.id())).isSameAs(s);
            assertThat(s.description()).isNotBlank();
        }
    }

    @Test
    void routeIdsAreUniqueAndKnown() {
        List<String> ids = Catalog.NOTIFY_ROUTES.ids();
        assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrder("vf-bar", "pf-bar", "io-bar", "aq");
        for (NotifyRoute r : Catalog.NOTIFY_ROUTES.all()) {
            assertThat(Catalog.NOTIFY_ROUTES.find(r.id())).isSameAs(r);
            assertThat(r.description()).isNotBlank();
        }
    }

    @Test
    void aKnobNameHasOneDeclaration() {
        // Two schemes may list the same declaration (mmio and pf-window share the window's knobs),
        // never two declarations of one name.
        java.util.Map<String, Param<?>> names = new java.util.HashMap<>();
        for (LegacyScheme s : Catalog.SCHEMES.all()) {
            for (Param<?> p : s.knobs()) {
                assertThat(names.computeIfAbsent(p.name(), n -> p)).as(p.name()).isSameAs(p);
            }
        }
        for (NotifyRoute r : Catalog.NOTIFY_ROUTES.all()) {
            for (Param<?> p : r.knobs()) {
                assertThat(names.computeIfAbsent(p.name(), n -> p)).as(p.name()).isSameAs(p);
            }
        }
    }

    private static DeviceFixture installed(LegacyScheme scheme, int vfs) {
        DeviceFixture f = new DeviceFixture(vfs);
        scheme.install(f.context(), ParamValues.defaults());
        for (NotifyRoute r : Catalog.NOTIFY_ROUTES.all()) {
            r.install(f.context(), ParamValues.defaults());
        }
        return f;
    }

    @Test
    void everySchemeInstallsBesideEveryRouteAndItsHostHalfWorks() {
        for (LegacyScheme scheme : Catalog.SCHEMES.all()) {
            DeviceFixture f = installed(scheme, 2);
            LegacyAccessPath host = scheme.host(f, ParamValues.defaults());
            List<Done> done = new ArrayList<>();
            Done w = f.done();
            host.access(2, true, LegacyRegister.GUEST_FEATURES.offset(), 4, 0x0000_0020, 0, w);
            f.run();
            Done r = f.done();
            host.access(2, false, LegacyRegister.GUEST_FEATURES.offset(), 4, 0, 1, r);
            Done mac = f.done();
            host.access(1, false, 0x14, 1, 0, 2, mac);
            f.run(); // a guest has one access outstanding per VF
            Done status = f.done();
            host.access(1, false, LegacyRegister.DEVICE_STATUS.offset(), 1, 0, 3, status);
            f.run();
            done.add(w);
            done.add(r);
            assertThat(w.failed()).as(scheme.id()).isFalse();
            assertThat(r.value()).as(scheme.id()).isEqualTo(0x20L & f.device.vf(2).hostFeatures());
            assertThat(f.device.vf(2).guestFeatures()).as(scheme.id()).isEqualTo(0x20 & f.device.vf(2).hostFeatures());
            assertThat(mac.value()).as(scheme.id()).isEqualTo(VirtioNetConfig.vfMac(1)[0] & 0xFF);
            assertThat(status.value()).as(scheme.id()).isZero();
            assertThat(host.hostBusyPs()).as(scheme.id()).isPositive();
            for (Backing b : Backing.values()) {
                DeviceCost c = scheme.cost(ParamValues.defaults().with(Backing.PARAM, b), 2, 48);
                assertThat(c.note()).as(scheme.id()).isNotBlank();
                // The legacy state lives where the backing says, for every scheme alike.
                assertThat(b == Backing.FIRMWARE ? c.firmwareBytesPerVf() : c.fastPathBitsPerVf()).as(scheme.id()).isGreaterThanOrEqualTo(
                        b == Backing.FIRMWARE ? 48 : 8 * 48);
                assertThat(b == Backing.FIRMWARE ? c.fastPathBitsPerVf() : c.firmwareBytesPerVf()).as(scheme.id()).isLessThan(
                        b == Backing.FIRMWARE ? 8 * 48 : 1);
            }
        }
    }

    @Test
    void everySchemeGivesTheSameAnswersToTheSameAccesses() {
        List<List<Long>> answers = new ArrayList<>();
        for (LegacyScheme scheme : Catalog.SCHEMES.all()) {
            DeviceFixture f = installed(scheme, 1);
            LegacyAccessPath host = scheme.host(f, ParamValues.defaults());
            List<Long> got = new ArrayList<>();
            int[][] ops = {{1, 0x12, 1, 0x01}, {1, 0x12, 1, 0x03}, {0, 0x12, 1, 0}, {0, 0x0C, 2, 0}, {1, 0x0E, 2, 1}, {0, 0x0C, 2, 0},
                {0, 0x00, 4, 0}, {0, 0x16, 1, 0}, {1, 0x12, 1, 0}, {0, 0x12, 1, 0}, {0, 0x0E, 2, 0}};
            for (int[] op : ops) {
                Done d = f.done();
                host.access(1, op[0] == 1, op[1], op[2], op[3], 0, d);
                f.run();
                got.add(op[0] == 1 ? (d.failed() ? -1L : 0L) : d.value());
            }
            answers.add(got);
        }
        assertThat(answers).allSatisfy(a -> assertThat(a).isEqualTo(answers.get(0)));
        assertThat(answers.get(0).get(9)).as("status read back after the reset").isZero();
    }

    @Test
    void everyRouteDeliversItsKickToTheRightQueueWhateverTheScheme() {
        for (NotifyRoute route : Catalog.NOTIFY_ROUTES.all()) {
            DeviceFixture f = installed(Catalog.SCHEMES.find("mmio"), 3);
            // A ring for queue 1 of VF 3, so that a notify through the register file is not ignored.
            f.device.vf(3).write(LegacyRegister.QUEUE_SELECT.offset(), 2, 1);
            f.device.vf(3).write(LegacyRegister.QUEUE_PFN.offset(), 4, 0x1234);
            List<String> kicks = new ArrayList<>();
            f.device.doorbells().setListener((vf, q, t) -> kicks.add(vf + "/" + q));
            NotifyPath p = route.host(f, ParamValues.defaults());
            Done d = f.done();
            p.notify(3, 1, 5, d);
            f.run();
            assertThat(kicks).as(route.id()).containsExactly("3/1");
            assertThat(d.failed()).as(route.id()).isFalse();
            assertThat(d.token()).isEqualTo(5);
            assertThat(p.hostBusyPs()).as(route.id()).isPositive();
        }
    }
}
