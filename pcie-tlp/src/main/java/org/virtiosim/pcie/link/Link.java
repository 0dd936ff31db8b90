package org.virtiosim.pcie.link;

import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.pcie.fc.ReceiverCredits;
import org.virtiosim.pcie.tlp.TlpPool;

/**
 * A PCIe link between an upstream port (root port or switch downstream port) and a downstream
 * port (endpoint or switch upstream port): two independent directions sharing one configuration.
 */
public final class Link {
    private final LinkConfig config;
    private final LinkDirection downstream;
    private final LinkDirection upstream;

    /**
     * @param upstreamReceiverCredits what the upstream port's receiver advertises (limits TLPs going up)
     * @param downstreamReceiverCredits what the downstream port's receiver advertises (limits TLPs going down)
     */
    public Link(Kernel kernel, LinkConfig config, String name, TlpPool pool,
                ReceiverCredits upstreamReceiverCredits, ReceiverCredits downstreamReceiverCredits) {
        this.config = config;
        this.downstream = new LinkDirection(kernel, config, name + ".down", pool, downstreamReceiverCredits);
        this.upstream = new LinkDirection(kernel, config, name + ".up", pool, upstreamReceiverCredits);
    }

    /** Connects the Transaction Layers at both ends. */
    public void connect(TlpSink upstreamPort, TlpSink downstreamPort) {
        downstream.connect(downstreamPort, upstream);
        upstream.connect(upstreamPort, downstream);
    }

    public LinkConfig config() {
        return config;
    }

    /** Towards the endpoint. */
    public LinkDirection downstream() {
        return downstream;
    }

    /** Towards the root complex. */
    public LinkDirection upstream() {
        return upstream;
    }
}
