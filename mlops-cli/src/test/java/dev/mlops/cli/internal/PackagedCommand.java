package dev.mlops.cli.internal;

import dev.mlops.Plan;
import dev.mlops.Project;
import dev.mlops.ProjectStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * A tiny command line over {@link BackendOptions} and {@link Connection#builder()}, as the project commands use them,
 * for {@link PackagedAwsIT} to run on the packaged layout in a child JVM (the real commands live in "cli"'s branch).
 */
@Command(name = "mlops-packaged", mixinStandardHelpOptions = true,
        subcommands = {PackagedCommand.PlanCmd.class, PackagedCommand.Create.class, PackagedCommand.Status.class,
            PackagedCommand.Delete.class})
public final class PackagedCommand {
    /** The shared part: the composition and the project's name. */
    abstract static class ProjectCommand implements Callable<Integer> {
        @Mixin
        BackendOptions backend;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;
    }

    /** Plans the project. */
    @Command(name = "plan")
    public static final class PlanCmd extends ProjectCommand {
        @Override
        public Integer call() {
            try (Connection c = backend.connect()) {
                Plan plan = c.builder().name(name).template(c.template(name)).plan();
                System.out.println("plan " + plan.project() + " exists=" + plan.exists() + " changes="
                        + plan.changes().size() + " on " + c.description());
            }
            return 0;
        }
    }

    /** Creates the project. */
    @Command(name = "create")
    public static final class Create extends ProjectCommand {
        @Override
        public Integer call() {
            try (Connection c = backend.connect();
                    Project p = c.builder().name(name).template(c.template(name)).create()) {
                System.out.println("created " + p.name() + " " + p.id() + " backend=" + p.backend());
            }
            return 0;
        }
    }

    /** Shows the project's status. */
    @Command(name = "status")
    public static final class Status extends ProjectCommand {
        @Override
        public Integer call() {
            try (Connection c = backend.connect(); Project p = c.builder().name(name).open()) {
                ProjectStatus s = p.status();
                System.out.println("status " + s.project() + " backend=" + s.backend() + " pipelines="
                        + s.pipelines().stream().map(ProjectStatus.PipelineState::pipeline).toList());
            }
            return 0;
        }
    }

    /** Deletes the project. */
    @Command(name = "delete")
    public static final class Delete extends ProjectCommand {
        @Override
        public Integer call() {
            try (Connection c = backend.connect(); Project p = c.builder().name(name).open()) {
                p.delete();
                System.out.println("deleted " + name);
            }
            return 0;
        }
    }

    private PackagedCommand() {
    }

    /**
     * Runs a command.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new PackagedCommand()).execute(args));
    }
}
