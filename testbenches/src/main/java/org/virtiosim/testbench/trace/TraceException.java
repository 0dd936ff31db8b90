package org.virtiosim.testbench.trace;

/**
 * A trace that cannot be used: names the file, the 1-based line and the field at fault. The message is one
 * line, {@code trace.csv:12: field 'size': 3 is not 1, 2 or 4}.
 */
public final class TraceException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final int line;
    private final String field;
    private final String reason;

    public TraceException(String fileName, int line, String field, String reason) {
        super(fileName + ":" + line + ": field '" + field + "': " + reason);
        this.fileName = fileName;
        this.line = line;
        this.field = field;
        this.reason = reason;
    }

    TraceException(String fileName, int line, String field, String reason, Throwable cause) {
        this(fileName, line, field, reason);
        initCause(cause);
    }

    /** The file's name (no directory), as given to the reader. */
    public String fileName() {
        return fileName;
    }

    /** 1-based line number; 0 when the file could not be read at all. */
    public int line() {
        return line;
    }

    /**
     * The column at fault ({@code op}, {@code offset}, {@code size}, {@code value}, {@code vf},
     * {@code delay_ns}), or {@code header} for the header line, {@code row} for a row with more fields than the
     * header, {@code content} for a file that is empty or not text, {@code file} for a file that cannot be read.
     */
    public String field() {
        return field;
    }

    /** The message without the {@code file:line: field 'x': } prefix. */
    public String reason() {
        return reason;
    }
}
