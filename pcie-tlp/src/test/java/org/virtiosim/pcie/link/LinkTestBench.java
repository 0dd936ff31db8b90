package org.virtiosim.pcie.link;

import java.util.ArrayList;
import java.util.List;
import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.pcie.fc.ReceiverCredits;
import org.virtiosim.pcie.tlp.Tlp;
import org.virtiosim.pcie.tlp.TlpPool;

/** A link with recording sinks at both ends, for link tests. */
final class LinkTestBench {
    record Delivery(long timePs, String what) {
    }

    final Kernel kernel = new Kernel();
    final TlpPool pool = new TlpPool();
    final Link link;
    final List<Delivery> atRc = new ArrayList<>();
    final List<Delivery> atEp = new ArrayList<>();

    LinkTestBench(LinkConfig cfg, ReceiverCredits rcCredits, ReceiverCredits epCredits) {
        link = new Link(kernel, cfg, "l", pool, rcCredits, epCredits);
        link.connect(t -> atRc.add(new Delivery(kernel.now(), label(t))), t -> atEp.add(new Delivery(kernel.now(), label(t))));
    }

    /** The TLP's context tag, set by the test, identifies it. */
    static String label(Tlp t) {
        return t.type().name() + "#" + t.context();
    }

    Tlp up(Tlp t) {
        link.upstream().send(t);
        return t;
    }

    Tlp newTlp(long id) {
        return link.upstream().newTlp().context(id);
    }
}
