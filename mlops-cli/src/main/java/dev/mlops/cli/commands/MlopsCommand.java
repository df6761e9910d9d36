package dev.mlops.cli.commands;

import dev.mlops.cli.CliContext;
import dev.mlops.cli.support.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The top command, {@code mlops}: the global options and the list of commands. Run without a command it is a usage
 * error.
 */
@Command(name = "mlops", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        header = "MLOps projects from the shell: build, train, approve, deploy and monitor models.",
        description = {
            "Operates MLOps projects (repositories, a build-and-train pipeline, a model registry with approval, staged"
                    + " deployment staging -> manual gate -> prod, and monitors) through the mlops SDK, on the embedded"
                    + " backend by default (everything under one home directory, no cloud account).",
            "",
            "Results go to standard output, for people or with --json as one JSON document; progress, notes and error"
                    + " messages go to standard error. Project commands take -p/--project (default: $MLOPS_PROJECT, else"
                    + " abalone) and the backend options (--home …)."},
        subcommands = {
            QuickstartCommand.class,
            CreateCommand.class,
            ListCommand.class,
            StatusCommand.class,
            PlanCommand.class,
            DeleteCommand.class,
            PipelinesCommand.class,
            ModelsCommand.class,
            GatesCommand.class,
            EndpointsCommand.class,
            MonitorsCommand.class,
            RenderCommand.class,
            CompletionCommand.class,
            picocli.CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  mlops quickstart",
            "  mlops create -p abalone && mlops pipelines await build -p abalone",
            "  mlops models approve --pending -p abalone -m 'MSE below 6.0'",
            "  mlops --json status -p abalone | jq .environments",
            "  mlops endpoints invoke prod --data M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15",
            "  source <(mlops completion)",
            "",
            "Documentation: docs/cli.md"})
public final class MlopsCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    private final CliContext context;

    /**
     * Creates the top command for a run.
     *
     * @param context the streams of the run
     */
    public MlopsCommand(CliContext context) {
        this.context = context;
    }

    /**
     * The streams of this run.
     *
     * @return the context
     */
    public CliContext context() {
        return context;
    }

    /**
     * The global options as parsed.
     *
     * @return the options
     */
    public GlobalOptions global() {
        return global;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no command given; run 'mlops --help' for the commands");
    }

    @Override
    public String toString() {
        return "MlopsCommand[" + global + "]";
    }
}
