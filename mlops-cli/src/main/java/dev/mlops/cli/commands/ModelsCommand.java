package dev.mlops.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mlops models}: the project's model registry group. */
@Command(name = "models", header = "List, approve and reject the project's model versions.",
        description = "Approving a version starts the deploy pipeline (staging, its tests, the manual gate, prod);"
                + " rejecting a deployed version rolls the environments back to the newest approved one.",
        subcommands = {ModelsListCommand.class, ModelsApproveCommand.class, ModelsRejectCommand.class})
public final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Creates the command (picocli does). */
    public ModelsCommand() {
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "models needs a subcommand: list, approve or reject");
    }
}
