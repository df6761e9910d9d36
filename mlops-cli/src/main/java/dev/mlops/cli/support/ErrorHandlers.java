package dev.mlops.cli.support;

import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.commands.MlopsCommand;
import dev.mlops.cli.output.Output;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command throws into an exit code and a message: an SDK error into its code ({@link ExitCodes#of})
 * with one line on standard error (and {@code {"error": …}} on standard output with {@code --json}), a usage
 * error into code 2 with the command's usage. No stack trace for an expected error unless {@code --debug}.
 */
public final class ErrorHandlers implements IExecutionExceptionHandler, IParameterExceptionHandler {
    /** Creates the handlers. */
    public ErrorHandlers() {
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        int code = ExitCodes.of(ex);
        output(commandLine, false).error(code, ex);
        if (code == ExitCodes.INTERRUPTED) {
            Thread.currentThread().interrupt();
        }
        return code;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        boolean json = Arrays.asList(args).contains("--json");
        PrintWriter err = cl.getErr();
        err.println("mlops: " + ex.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for its usage.");
        }
        err.flush();
        output(cl, json).usageError(ex.getMessage());
        return ExitCodes.USAGE;
    }

    private static Output output(CommandLine cl, boolean json) {
        MlopsCommand top = (MlopsCommand) cl.getCommandSpec().root().userObject();
        boolean j = json || top.global() != null && top.global().json();
        boolean quiet = top.global() != null && top.global().quiet();
        boolean debug = top.global() != null && top.global().debug();
        return new Output(top.context().out(), top.context().err(), j, quiet, debug);
    }

    @Override
    public String toString() {
        return "ErrorHandlers";
    }
}
