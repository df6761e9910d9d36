package dev.mlops.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mlops pipelines}: the project's CI/CD pipelines and their runs. */
@Command(name = "pipelines", header = "List, start, await and read the logs of a project's pipelines.",
        description = "The pipelines of a project by role: build (modelbuild), deploy (modeldeploy), monitor"
                + " (modelmonitor), or any role its template has.",
        subcommands = {PipelinesListCommand.class, PipelinesStartCommand.class, PipelinesAwaitCommand.class,
            PipelinesLogsCommand.class})
public final class PipelinesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Creates the command (picocli does). */
    public PipelinesCommand() {
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "pipelines needs a subcommand: list, start, await or logs");
    }
}
