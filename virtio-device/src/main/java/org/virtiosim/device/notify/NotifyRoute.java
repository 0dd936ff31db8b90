package org.virtiosim.device.notify;

import java.util.List;
import org.virtiosim.core.param.Param;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.scheme.DeviceHalf;

/**
 * One way a guest's queue notify (legacy {@code queue_notify}, offset 16) reaches the device's
 * queue engine: a plug-in, as a scheme is. Its device half decodes (function, queue) and hands it
 * to doorbell steering; its host half is what the hypervisor does with the trapped write.
 */
public interface NotifyRoute {
    String id();

    String description();

    /** Its own parameters. */
    default List<Param<?>> knobs() {
        return List.of();
    }

    /** Installs the device half (the notify location) into {@code device}. */
    DeviceHalf install(DeviceContext device, ParamValues params);

    /** The host half. */
    NotifyPath host(HostContext host, ParamValues params);
}
