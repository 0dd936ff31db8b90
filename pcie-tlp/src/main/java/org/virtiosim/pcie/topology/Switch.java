package org.virtiosim.pcie.topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.virtiosim.core.kernel.Handler;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.pcie.link.LinkDirection;
import org.virtiosim.pcie.link.TlpSink;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.tlp.TlpPool;
import org.virtiosim.pcie.tlp.TlpType;

/**
 * A PCIe switch: an upstream port and downstream ports, each a virtual PCI-to-PCI bridge
 * (PCI Express Base Specification Rev. 6.0 §1.3.3, routing rules §2.2.4 and §2.2.6.2). TLPs going
 * down are routed by address (memory and I/O requests: each downstream port's memory window) or
 * by ID (configuration requests and completions: each port's secondary..subordinate bus range);
 * everything else goes up. Store-and-forward with a fixed forwarding latency per TLP.
 */
public final class Switch {
    private final Kernel kernel;
    private final long forwardingPs;
    private LinkDirection up;
    private final List<Port> ports = new ArrayList<>();
    private long forwarded;

    /** A downstream port: where its link goes and what it routes. */
    private static final class Port {
        LinkDirection down;
        long memBase;
        long memLimit;
        int secondaryBus;
        int subordinateBus;
    }

    // TLPs waiting out the forwarding latency and where each goes, in order (the latency is fixed).
    private final ArrayDeque<Tlp> pending = new ArrayDeque<>();
    private final ArrayDeque<LinkDirection> pendingOut = new ArrayDeque<>();
    private final TlpPool pool = new TlpPool();
    private final Handler forward = arg -> forwardHead();

    public Switch(Kernel kernel, long forwardingPs) {
        if (forwardingPs < 0) {
            throw new IllegalArgumentException("forwarding latency must be >= 0 ps");
        }
        this.kernel = kernel;
        this.forwardingPs = forwardingPs;
    }

    /** The direction towards the root complex on the upstream port's link. */
    public void attachUpstream(LinkDirection toRoot) {
        this.up = toRoot;
    }

    /**
     * Adds a downstream port routing memory [memBase, memLimit] and buses [secondary, subordinate];
     * returns the sink for TLPs coming up from that port's link.
     */
    public TlpSink addDownstreamPort(LinkDirection toDevice, long memBase, long memLimit, int secondaryBus, int subordinateBus) {
        Port p = new Port();
        p.down = toDevice;
        p.memBase = memBase;
        p.memLimit = memLimit;
        p.secondaryBus = secondaryBus;
        p.subordinateBus = subordinateBus;
        ports.add(p);
        return this::fromBelow;
    }

    /** The sink for TLPs coming down the upstream port's link. */
    public TlpSink fromAbove() {
        return this::fromAboveImpl;
    }

    private void fromAboveImpl(Tlp t) {
        Port p = route(t);
        if (p == null) {
            // No downstream port claims it: a real switch would answer UR; the model drops it and
            // the requester's completion timeout reports it.
            return;
        }
        hold(t, p.down);
    }

    private void fromBelow(Tlp t) {
        Port peer = route(t);
        hold(t, peer != null ? peer.down : up);
    }

    private Port route(Tlp t) {
        TlpType type = t.type();
        if (type.isMemory() || type == TlpType.IORd || type == TlpType.IOWr) {
            long a = t.address();
            for (Port p : ports) {
                if (a >= p.memBase && a <= p.memLimit) {
                    return p;
                }
            }
            return null;
        }
        int bus = (type.isCompletion() ? t.requesterId() : t.targetId()) >>> 8;
        for (Port p : ports) {
            if (bus >= p.secondaryBus && bus <= p.subordinateBus) {
                return p;
            }
        }
        return null;
    }

    private void hold(Tlp t, LinkDirection out) {
        Tlp copy = pool.acquire();
        copy.copyFrom(t); // the incoming TLP is recycled when receive returns
        pending.add(copy);
        pendingOut.add(out);
        kernel.scheduleIn(forwardingPs, forward, 0);
    }

    private void forwardHead() {
        Tlp t = pending.poll();
        LinkDirection out = pendingOut.poll();
        Tlp o = out.newTlp();
        o.copyFrom(t);
        pool.release(t);
        out.send(o);
        forwarded++;
    }

    public long forwarded() {
        return forwarded;
    }
}
