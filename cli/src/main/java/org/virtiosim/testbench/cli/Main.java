package org.virtiosim.testbench.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of the {@code virtio-sim} jar. Exit codes: 0 done, 1 a detected protocol violation
 * (or a failed check), 2 bad input (one line on stderr, nothing else).
 */
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_VIOLATION = 1;
    public static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; what tests call. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new VirtioSimCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println(oneLine(ex.getCommandLine().getCommandSpec().qualifiedName(), ex.getMessage()));
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UsageException) {
                err.println(oneLine(commandLine.getCommandSpec().qualifiedName(), ex.getMessage()));
                return EXIT_USAGE;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    private static String oneLine(String command, String message) {
        String m = message == null ? "invalid input" : message.replace('\n', ' ').trim();
        return command + ": error: " + m;
    }
}
