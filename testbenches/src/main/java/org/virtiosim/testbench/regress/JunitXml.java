package org.virtiosim.testbench.regress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A JUnit XML report (the de-facto format CI systems read: testsuite, testcase, failure) so each
 * scenario, scheme and check shows as a test case. No timestamps or times: the same results give
 * the same file.
 */
public final class JunitXml {
    /** One check: passed when {@code failure} is null. */
    public record Case(String className, String name, String failure) {
    }

    private final String suite;
    private final List<Case> cases = new ArrayList<>();

    public JunitXml(String suite) {
        this.suite = suite;
    }

    public JunitXml add(String className, String name, String failure) {
        cases.add(new Case(className, name, failure));
        return this;
    }

    public long failures() {
        return cases.stream().filter(c -> c.failure() != null).count();
    }

    public String text() {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuite name=\"").append(esc(suite)).append("\" tests=\"").append(cases.size()).append("\" failures=\"")
                .append(failures()).append("\" errors=\"0\" skipped=\"0\">\n");
        for (Case c : cases) {
            b.append("  <testcase classname=\"").append(esc(c.className())).append("\" name=\"").append(esc(c.name())).append('"');
            if (c.failure() == null) {
                b.append("/>\n");
            } else {
                b.append(">\n    <failure message=\"").append(esc(c.failure())).append("\"/>\n  </testcase>\n");
            }
        }
        return b.append("</testsuite>\n").toString();
    }

    /** Writes the file whole (temporary file, then moved into place). */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Text as an XML attribute value: markup escaped; tab, newline and carriage return as
     * character references (a parser would fold them into spaces otherwise); other control
     * characters, lone surrogates and U+FFFE/U+FFFF, which XML 1.0 does not admit at all, as U+FFFD.
     */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\t' -> b.append("&#9;");
                case '\n' -> b.append("&#10;");
                case '\r' -> b.append("&#13;");
                default -> {
                    boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                    if (pair) {
                        b.append(c).append(s.charAt(++i));
                    } else {
                        // XML 1.0 §2.2 Char: no C0 controls but TAB/LF/CR, no lone surrogates, no U+FFFE/U+FFFF.
                        b.append(c < 0x20 || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF' ? '\uFFFD' : c);
                    }
                }
            }
        }
        return b.toString();
    }
}
