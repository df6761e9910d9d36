package dev.mlops.cli;

import dev.mlops.cli.commands.MlopsCommand;
import dev.mlops.cli.support.ErrorHandlers;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The entry point of the {@code mlops} command line.
 *
 * <pre>{@code
 * int code = Mlops.execute(new String[] {"--json", "status", "-p", "abalone"}, System.out, System.err);
 * }</pre>
 */
public final class Mlops {
    private Mlops() {
    }

    /**
     * Runs {@code mlops} and exits with its code ({@link ExitCodes}). Ctrl-C interrupts the running command, which
     * closes what it opened (a project it leads, a port it serves) before the process ends.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        quietLogging(Arrays.asList(args).contains("--debug"));
        Thread main = Thread.currentThread();
        AtomicBoolean stopping = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopping.set(true);
            main.interrupt();
            try {
                main.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mlops-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = execute(CliContext.system(), args);
        System.out.flush();
        System.err.flush();
        if (!stopping.get()) {
            // Exit rather than return: an endpoint's closed event loops leave a non-daemon executor that lingers.
            Runtime.getRuntime().removeShutdownHook(hook);
            System.exit(code);
        }
    }

    /**
     * Runs {@code mlops} in this process, with standard input empty and no terminal (confirmations are refused).
     *
     * @param args the command line
     * @param out standard output
     * @param err standard error
     * @return the exit code ({@link ExitCodes})
     */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        return execute(CliContext.of(java.io.InputStream.nullInputStream(), out, err, false), args);
    }

    /**
     * Runs {@code mlops} in this process on given streams.
     *
     * @param context standard input, output and error, and whether a person is at a terminal
     * @param args the command line
     * @return the exit code ({@link ExitCodes})
     */
    public static int execute(CliContext context, String... args) {
        return commandLine(context).execute(args);
    }

    /**
     * The command line of a run, configured: error handlers, help on every command, the exit-code section.
     *
     * @param context the run's streams
     * @return the picocli command line
     */
    public static CommandLine commandLine(CliContext context) {
        CommandLine cl = new CommandLine(new MlopsCommand(context));
        ErrorHandlers handlers = new ErrorHandlers();
        cl.setOut(new PrintWriter(new OutputStreamWriter(context.out(), StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(context.err(), StandardCharsets.UTF_8), true));
        cl.setExecutionExceptionHandler(handlers);
        cl.setParameterExceptionHandler(handlers);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        Map<String, String> codes = new LinkedHashMap<>();
        for (String line : ExitCodes.helpList()) {
            int colon = line.indexOf(':');
            codes.put(String.format("%4s", line.substring(0, colon)), line.substring(colon + 1));
        }
        cl.getCommandSpec().usageMessage().exitCodeList(codes);
        addHelp(cl);
        return cl;
    }

    /** Gives every subcommand -h/--help (the top has it with --version from the standard options). */
    private static void addHelp(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (spec.findOption("--help") == null && !(spec.userObject() instanceof CommandLine.HelpCommand)) {
                spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("Show this help and exit.").build());
            }
            addHelp(sub);
        }
    }

    /**
     * Keeps the SDK's log to warnings (the CLI prints its own progress), or debug with {@code --debug}; SLF4J's
     * simple provider writes to standard error.
     */
    private static void quietLogging(boolean debug) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : "warn");
        }
    }
}
