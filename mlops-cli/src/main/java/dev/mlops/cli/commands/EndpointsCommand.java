package dev.mlops.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mlops endpoints}: the environments' inference endpoints. */
@Command(name = "endpoints", header = "List, await, invoke and serve the project's endpoints.",
        description = "Each environment (staging, prod) has one endpoint, <project>-<environment>, speaking the"
                + " SageMaker container contract: POST /invocations with text/csv or application/json, GET /ping.",
        subcommands = {EndpointsListCommand.class, EndpointsAwaitCommand.class, EndpointsInvokeCommand.class,
            EndpointsServeCommand.class})
public final class EndpointsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Creates the command (picocli does). */
    public EndpointsCommand() {
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "endpoints needs a subcommand: list, await, invoke or serve");
    }
}
