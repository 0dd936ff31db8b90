package org.virtiosim.testbench.trust;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The trust study as text (a table per row, then the declarations) and as JSON ({@code trust}: one object per row). */
public final class TrustReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrustReport() {
    }

    /** {@code {"vfs", "seed", "scenario", "trust": [rows], "trusts": [declarations]}}. */
    public static ObjectNode tree(int vfs, long seed, List<TrustRow> rows) {
        ObjectNode root = JSON.createObjectNode();
        root.put("scenario", TrustStudy.SCENARIO);
        root.put("vfs", vfs);
        root.put("seed", seed);
        ArrayNode a = root.putArray("trust");
        for (TrustRow r : rows) {
            ObjectNode o = a.addObject();
            o.put("scheme", r.scheme());
            o.put("notify_info", r.notifyInfo());
            o.put("notify_route", r.notifyRoute());
            o.put("fault", r.fault());
            o.put("lie", r.lie());
            o.put("trusts", r.trusts());
            o.put("fired", r.fired());
            o.put("subject_vf", r.subjectVf());
            o.put("hit", r.hit());
            o.put("guest_sees", r.guestSees());
            ArrayNode others = o.putArray("other_vfs_affected");
            r.otherVfs().forEach(others::add);
            o.put("detected_by", r.detectedBy());
            o.put("classification", r.classification());
        }
        ArrayNode d = root.putArray("trusts");
        for (TrustDeclaration t : TrustDeclaration.ALL) {
            d.addObject().put("design", t.design()).put("trusts", t.trusts()).put("reason", t.reason());
        }
        return root;
    }

    public static String json(int vfs, long seed, List<TrustRow> rows) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree(vfs, seed, rows));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Markdown table (what docs/trust.md holds), then which party each design trusts. */
    public static void text(PrintWriter out, int vfs, long seed, List<TrustRow> rows) {
        out.printf(Locale.ROOT, "trust study: %s at %d VFs, seed %d; each fault beside the same run without it%n%n", TrustStudy.SCENARIO,
                vfs, seed);
        out.println("| scheme | route | fault | what it stands for | trusts | hit | guest of the subject VF sees | other VFs affected "
                + "| detected by | classification |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (TrustRow r : rows) {
            String scheme = r.notifyInfo().isEmpty() ? r.scheme() : r.scheme() + " (notify_info=" + r.notifyInfo() + ")";
            out.printf(Locale.ROOT, "| %s | %s | `%s` | %s | %s | %s | %s | %s | %s | %s |%n", scheme, r.notifyRoute(), r.fault(),
                    r.lie(), r.trusts(), r.hit(), r.guestSees(), r.otherVfs().isEmpty() ? "none" : "VF " + join(r.otherVfs()),
                    r.detectedBy(), r.classification());
        }
        out.println();
        out.println("| design | trusts | why |");
        out.println("|---|---|---|");
        for (TrustDeclaration t : TrustDeclaration.ALL) {
            out.printf(Locale.ROOT, "| %s | %s | %s |%n", t.design(), t.trusts(), t.reason());
        }
        out.flush();
    }

    private static String join(List<Integer> vfs) {
        StringBuilder b = new StringBuilder();
        for (int v : vfs) {
            b.append(b.length() == 0 ? "" : ", ").append(v);
        }
        return b.toString();
    }
}
