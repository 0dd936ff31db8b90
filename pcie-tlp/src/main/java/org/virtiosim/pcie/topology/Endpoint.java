package org.virtiosim.pcie.topology;

import org.virtiosim.pcie.link.LinkDirection;
import org.virtiosim.pcie.link.TlpSink;

/**
 * What a device model implements to sit at the end of a link: it receives the TLPs routed to it
 * (requests for its BARs and configuration space, completions for its own reads) and sends its
 * own TLPs towards the root complex. The virtio device of {@code virtio-device} is one.
 */
public interface Endpoint extends TlpSink {
    /** Called once when the endpoint is connected: its TLPs to the root complex go here. */
    void attach(LinkDirection towardsRoot);
}
