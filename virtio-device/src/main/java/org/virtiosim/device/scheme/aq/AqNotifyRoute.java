package org.virtiosim.device.scheme.aq;

import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.host.AccessListener;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.notify.NotifyPath;
import org.virtiosim.device.notify.NotifyRoute;
import org.virtiosim.device.scheme.DeviceHalf;

/**
 * The {@code aq} notify route: a kick as an admin command, LEGACY_COMMON_CFG_WRITE of
 * {@code queue_notify}, on the same admin queues the aq scheme uses.
 */
public final class AqNotifyRoute implements NotifyRoute {
    public static final String ID = "aq";
    /** queue_notify in the legacy common header (virtio 0.9.5). */
    private static final int QUEUE_NOTIFY = 0x10;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "LEGACY_COMMON_CFG_WRITE of queue_notify as an admin command on the PF";
    }

    @Override
    public DeviceHalf install(DeviceContext device, ParamValues params) {
        return AqScheme.queues(device, params);
    }

    @Override
    public NotifyPath host(HostContext host, ParamValues params) {
        AqHost driver = AqScheme.driver(host, params);
        return new NotifyPath() {
            @Override
            public void notify(int vf, int queue, long token, AccessListener done) {
                driver.accessViaCommand(vf, QUEUE_NOTIFY, 2, queue, token, done);
            }

            @Override
            public long hostBusyPs() {
                return driver.hostBusyPs();
            }
        };
    }
}
