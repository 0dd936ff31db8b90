package org.virtiosim.device.notify;

import org.virtiosim.core.kernel.Handler;
import org.virtiosim.device.host.AccessListener;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.HostRequests;
import org.virtiosim.device.host.NotifyAddresses;

/**
 * Host half of a notify route that is a posted 16-bit store to a memory address: the instruction
 * retires once the store is issued, with no completion to wait for.
 */
public final class StoreNotify implements NotifyPath {
    /** Where VF {@code vf}'s notify store goes; negative if the host has no notify address for it ({@link NotifyAddresses#REFUSED}). */
    @FunctionalInterface
    public interface Address {
        long of(int vf);
    }

    private final HostContext host;
    private final Address address;
    private final HostRequests requests = new HostRequests();
    private final Handler retired;
    private long busyPs;

    public StoreNotify(HostContext host, Address address) {
        this.host = host;
        this.address = address;
        this.retired = id -> requests.close((int) id, 0, false);
    }

    @Override
    public void notify(int vf, int queue, long token, AccessListener done) {
        int id = requests.open(done, token, host.kernel().now());
        long a = address.of(vf);
        if (a < 0) {
            // The VF was not opened: the hypervisor has nowhere to send the notify, and fails it.
            refused++;
            requests.close(id, 0, true);
            return;
        }
        host.rootComplex().actFor(vf);
        host.rootComplex().cpuWrite(a, 2, queue);
        busyPs += host.timing().storeRetirePs();
        host.kernel().scheduleIn(host.timing().storeRetirePs(), retired, id);
    }

    private long refused;

    /** Notifies failed because the host had no notify address for their VF. */
    public long refused() {
        return refused;
    }

    @Override
    public long hostBusyPs() {
        return busyPs;
    }
}
