package org.virtiosim.testbench.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/trust.md holds the trust study's text output between its markers. Regenerate after a
 * legitimate change with {@code mvn -B -o -q -pl testbenches -am test -Dtest=TrustDocsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtrust.docs.write=true}.
 */
class TrustDocsTest {
    static final String BEGIN = "<!-- trust study: begin (generated, see TrustDocsTest) -->";
    static final String END = "<!-- trust study: end -->";

    @Test
    void docsTrustHoldsTheMeasuredTable() throws Exception {
        StringWriter w = new StringWriter();
        TrustReport.text(new PrintWriter(w), TrustStudy.DEFAULT_VFS, 1, new TrustStudy(TrustStudy.DEFAULT_VFS, 1).run());
        String table = w.toString();
        Path p = Path.of("../docs/trust.md");
        String doc = Files.readString(p);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertThat(begin).as("marker in docs/trust.md").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        if (Boolean.getBoolean("trust.docs.write")) {
            doc = doc.substring(0, begin + BEGIN.length() + 1) + table + doc.substring(end);
            Files.writeString(p, doc);
        }
        assertThat(doc.substring(begin + BEGIN.length() + 1, doc.indexOf(END))).as("docs/trust.md is out of date: see TrustDocsTest")
                .isEqualTo(table);
    }
}
