package org.virtiosim.testbench.compare;

import org.virtiosim.core.param.Param;

/**
 * The settable parameters as a Markdown table, from their declarations: what docs/parameters.md
 * holds between its {@link #BEGIN} and {@link #END} markers (a test keeps the two the same;
 * {@code virtio-sim list --markdown} prints it).
 */
public final class ParameterDocs {
    public static final String BEGIN = "<!-- generated from the parameter declarations: virtio-sim list --markdown -->";
    public static final String END = "<!-- end of generated table -->";

    private ParameterDocs() {
    }

    public static String table() {
        StringBuilder b = new StringBuilder();
        b.append("| name | default | unit | values | meaning | source | study range | why that range |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (Param<?> p : Parameters.ALL.all()) {
            b.append("| `").append(p.name()).append("` | ").append("`").append(p.defaultText()).append("`").append(" | ")
                    .append(p.unit().isEmpty() ? "—" : p.unit()).append(" | ").append(cell(p.range())).append(" | ").append(cell(p.meaning()))
                    .append(" | ").append(cell(p.source())).append(" | ").append(p.study().isPresent() ? cell(p.studyText()) : "—")
                    .append(" | ").append(p.study().map(r -> cell(r.reason())).orElse("—")).append(" |\n");
        }
        return b.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

}
