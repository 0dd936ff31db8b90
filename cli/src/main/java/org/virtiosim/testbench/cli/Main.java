package org.virtiosim.testbench.cli;

import java.io.PrintWriter;
import org.virtiosim.core.kernel.SimulatedTimeRangeException;
import org.virtiosim.core.param.NumberText;
import picocli.CommandLine;

/**
 * Entry point of the {@code virtio-sim} jar. Exit codes: 0 done, 1 a detected protocol violation
 * (or a failed check, a firmware model that threw or broke the programming model's rules, or the JVM
 * running out of memory: one line saying how to give it more), 2 bad
 * input (one line on stderr, nothing else).
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
            String command = commandLine.getCommandSpec().qualifiedName();
            if (ex instanceof UsageException) {
                err.println(oneLine(command, ex.getMessage()));
                return EXIT_USAGE;
            }
            for (Throwable t = ex; t != null; t = t.getCause()) {
                if (t instanceof SimulatedTimeRangeException) {
                    err.println(oneLine(command, t.getMessage()));
                    return EXIT_USAGE;
                }
                if (t instanceof org.virtiosim.device.firmware.FirmwareException) {
                    // The firmware model failed while the run ran: a detected failure, named by handler, VF and time.
                    err.println(oneLine(command, t.getMessage()));
                    return EXIT_VIOLATION;
                }
                if (t instanceof OutOfMemoryError) {
                    err.println(outOfMemory(command));
                    return EXIT_VIOLATION;
                }
            }
            throw ex;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            err.println(outOfMemory("virtio-sim"));
            return EXIT_VIOLATION;
        }
    }

    /** The environment variable the {@code virtio-sim} launcher passes to the JVM as {@code -Xmx} (README, "Memory"). */
    static final String XMX_VARIABLE = "VIRTIO_SIM_XMX";

    /** One line for an OutOfMemoryError: how much the JVM had and how to give it more. */
    static String outOfMemory(String command) {
        long mib = Runtime.getRuntime().maxMemory() >> 20;
        long suggestGib = Math.max(2, (2 * mib + 1023) / 1024);
        return command + ": error: out of memory (the JVM may use " + mib + " MiB): give it more, e.g. " + XMX_VARIABLE + "="
                + suggestGib + "g ./virtio-sim ... (the launcher passes it as -Xmx), or run fewer VFs, points or threads";
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
