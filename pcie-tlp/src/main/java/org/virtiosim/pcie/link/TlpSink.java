package org.virtiosim.pcie.link;

import org.virtiosim.pcie.tlp.Tlp;

/**
 * The receiving Transaction Layer at the end of a link direction. The TLP is valid only during
 * the call: the link recycles it afterwards, so a receiver copies what it keeps. Receiving frees
 * the TLP's receive-buffer credits.
 */
@FunctionalInterface
public interface TlpSink {
    void receive(Tlp tlp);
}
