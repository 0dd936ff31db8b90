package org.virtiosim.testbench.scenario;

/**
 * A scenario file that cannot be used: names the file, the 1-based line and the key at fault. The message is
 * one line, {@code study.yaml:7: key 'topology.vfs': 0 is out of range 1..65535}; without a line
 * ({@code study.yaml: the file is empty ...}) when the fault is the whole file, and without a key when it is the
 * document's shape ({@code study.yaml:2: malformed YAML: ...}).
 */
public final class ScenarioFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final int line;
    private final String key;
    private final String reason;

    public ScenarioFileException(String fileName, int line, String key, String reason) {
        super(format(fileName, line, key, reason), null, false, false);
        this.fileName = fileName;
        this.line = line;
        this.key = key;
        this.reason = reason;
    }

    private static String format(String fileName, int line, String key, String reason) {
        StringBuilder b = new StringBuilder(fileName);
        if (line > 0) {
            b.append(':').append(line);
        }
        b.append(": ");
        if (key != null) {
            b.append("key '").append(key).append("': ");
        }
        b.append(reason);
        return oneLine(b.toString());
    }

    /** Control characters (a newline in a quoted YAML string, say) shown escaped, so the message stays one line. */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The file's name (no directory). */
    public String fileName() {
        return fileName;
    }

    /** 1-based line number; 0 when the fault is the whole file (empty, unreadable). */
    public int line() {
        return line;
    }

    /** The dotted key at fault ({@code topology.vfs}, {@code schemes}, {@code parameters.aq_queues}), or null. */
    public String key() {
        return key;
    }

    /** The message without the {@code file:line: key 'x': } prefix. */
    public String reason() {
        return reason;
    }
}
