package dev.mlops.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mlops gates}: the project's manual approval gates. */
@Command(name = "gates", header = "List, await, approve and reject the project's manual approval gates.",
        description = "A gate holds a deploy (or monitor) run before prod until someone decides it; nothing reaches prod"
                + " without it. Gates are named by id (see 'mlops gates list'), or by --pending or --version.",
        subcommands = {GatesListCommand.class, GatesAwaitCommand.class, GatesApproveCommand.class, GatesRejectCommand.class})
public final class GatesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Creates the command (picocli does). */
    public GatesCommand() {
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "gates needs a subcommand: list, await, approve or reject");
    }
}
