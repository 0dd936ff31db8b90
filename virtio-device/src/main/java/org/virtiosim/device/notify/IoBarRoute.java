package org.virtiosim.device.notify;

import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceContext;
import org.virtiosim.device.host.AccessListener;
import org.virtiosim.device.host.HostContext;
import org.virtiosim.device.host.HostRequests;
import org.virtiosim.device.scheme.DeviceHalf;
import org.virtiosim.pcie.host.MmioListener;
import org.virtiosim.pcie.tlp.CompletionStatus;

/**
 * {@code io-bar}: an {@code out} of (VF &lt;&lt; 16 | queue) to a 32-bit port in the PF's I/O BAR
 * (only a PF may have one). An IOWr is non-posted: the CPU waits for its completion.
 */
public final class IoBarRoute implements NotifyRoute {
    public static final String ID = "io-bar";
    /** The port's offset in the PF's I/O BAR. */
    public static final int PORT = 0;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "non-posted 32-bit IOWr of (VF << 16 | queue) to a port in the PF's I/O BAR";
    }

    @Override
    public DeviceHalf install(DeviceContext device, ParamValues params) {
        device.map(Bar.PF_IO, PORT, 4, new DoorbellRegion(device, (function, offset, value) -> (int) (value >>> 16 & 0xFFFF)));
        return DeviceHalf.NONE;
    }

    @Override
    public NotifyPath host(HostContext host, ParamValues params) {
        return new IoPortNotify(host);
    }

    /** The {@code out} instruction: it retires when the IOWr's completion arrives. */
    private static final class IoPortNotify implements NotifyPath, MmioListener {
        private final HostContext host;
        private final HostRequests requests = new HostRequests();

        IoPortNotify(HostContext host) {
            this.host = host;
        }

        @Override
        public void notify(int vf, int queue, long token, AccessListener done) {
            int id = requests.open(done, token, host.kernel().now());
            host.rootComplex().actFor(vf);
            host.rootComplex().cpuIoWrite(Bar.PF_IO.base() + PORT, 4, (long) vf << 16 | queue, id, this);
        }

        @Override
        public void mmioReadDone(long context, long value, CompletionStatus status) {
            retire((int) context, status != CompletionStatus.SC);
        }

        @Override
        public void mmioReadTimedOut(long context) {
            retire((int) context, true);
        }

        private void retire(int id, boolean failed) {
            requests.closeBusy(id, 0, failed, host.kernel().now());
        }

        @Override
        public long hostBusyPs() {
            return requests.busyPs();
        }
    }
}
