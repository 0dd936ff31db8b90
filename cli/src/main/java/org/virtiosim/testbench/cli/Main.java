package org.virtiosim.testbench.cli;

import java.io.PrintWriter;
import org.virtiosim.core.param.NumberText;
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
        // One number grammar for every numeric option (org.virtiosim.core.param.NumberText); each command checks its range.
        CommandLine.ITypeConverter<Long> whole = text -> numberOption(() -> NumberText.whole(text, Long.MIN_VALUE, Long.MAX_VALUE, ""));
        CommandLine.ITypeConverter<Integer> smallWhole = text -> numberOption(
                () -> (int) NumberText.whole(text, Integer.MIN_VALUE, Integer.MAX_VALUE, ""));
        cli.registerConverter(Long.class, whole).registerConverter(Long.TYPE, whole)
                .registerConverter(Integer.class, smallWhole).registerConverter(Integer.TYPE, smallWhole);
        CommandLine.ITypeConverter<Double> real = text -> numberOption(() -> NumberText.decimal(text, -Double.MAX_VALUE, Double.MAX_VALUE, ""));
        cli.registerConverter(Double.class, real).registerConverter(Double.TYPE, real);
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

    private static <T> T numberOption(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    private static String oneLine(String command, String message) {
        String m = message == null ? "invalid input" : message.replace('\n', ' ').trim();
        return command + ": error: " + m;
    }
}
