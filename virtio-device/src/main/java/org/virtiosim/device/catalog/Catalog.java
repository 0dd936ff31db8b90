package org.virtiosim.device.catalog;

import java.util.List;
import org.virtiosim.core.registry.Registry;
import org.virtiosim.device.notify.IoBarRoute;
import org.virtiosim.device.notify.NotifyRoute;
import org.virtiosim.device.notify.PfBarRoute;
import org.virtiosim.device.notify.VfBarRoute;
import org.virtiosim.device.scheme.LegacyScheme;
import org.virtiosim.device.scheme.aq.AqNotifyRoute;
import org.virtiosim.device.scheme.aq.AqScheme;
import org.virtiosim.device.scheme.cfgcap.CfgCapScheme;
import org.virtiosim.device.scheme.indirect.IndirectScheme;
import org.virtiosim.device.scheme.mmio.MmioScheme;
import org.virtiosim.device.scheme.mmiodirect.MmioDirectScheme;
import org.virtiosim.device.scheme.pfwindow.PfWindowScheme;

/**
 * The legacy-access schemes and the notify routes the device model has: one line each. The CLI,
 * scenario files, sweeps, reports, the regression kit and the docs all read these.
 */
public final class Catalog {
    public static final Registry<LegacyScheme> SCHEMES = new Registry<>("scheme", LegacyScheme::id, List.of(
            new MmioScheme(),
            new PfWindowScheme(),
            new IndirectScheme(),
            new CfgCapScheme(),
            new AqScheme(),
            new MmioDirectScheme()));

    public static final Registry<NotifyRoute> NOTIFY_ROUTES = new Registry<>("notification path", NotifyRoute::id, List.of(
            new VfBarRoute(),
            new PfBarRoute(),
            new IoBarRoute(),
            new AqNotifyRoute()));

    private Catalog() {
    }
}
