package org.virtiosim.device.notify;

import org.virtiosim.device.host.AccessListener;

/** The host half of a notify route: how the hypervisor forwards a guest's write of {@code queue_notify}. */
public interface NotifyPath {
    /** Forwards a notify of {@code queue} on {@code vf}; {@code done} when the guest's instruction retires. */
    void notify(int vf, int queue, long token, AccessListener done);

    /** Host CPU time spent so far, ps. */
    long hostBusyPs();
}
