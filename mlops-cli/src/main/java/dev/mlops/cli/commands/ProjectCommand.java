package dev.mlops.cli.commands;

import dev.mlops.Project;
import dev.mlops.ProjectBuilder;
import dev.mlops.cli.internal.BackendOptions;
import dev.mlops.cli.internal.Connection;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A command on one project: the project's name and the backend options, and opening the project on that backend
 * with the command's progress display as a listener.
 */
public abstract class ProjectCommand extends CommandBase {
    @Option(names = {"-p", "--project"}, paramLabel = "NAME", defaultValue = "${env:MLOPS_PROJECT:-abalone}",
            description = "The project (default: $MLOPS_PROJECT, else abalone).")
    String project;

    @Mixin
    BackendOptions backend;

    private Connection connection;

    /** Creates the command (picocli does). */
    protected ProjectCommand() {
    }

    /**
     * The project's name.
     *
     * @return the name given
     */
    protected final String projectName() {
        return project;
    }

    /**
     * The backend options given on this command line, to repeat in a command a person is told to run next.
     *
     * @return e.g. {@code " --home /tmp/h"}, or an empty string when none was given
     */
    protected final String backendArguments() {
        StringBuilder b = new StringBuilder();
        for (String a : backend.arguments()) {
            b.append(' ').append(a.isEmpty() || a.matches(".*[\\s'\"$`\\\\].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return b.toString();
    }

    /**
     * The backend composition the options name, opened once and closed when the command ends.
     *
     * @return the connection
     */
    protected final Connection connection() {
        if (connection == null) {
            connection = closeLater(backend.connect());
        }
        return connection;
    }

    /**
     * A builder for the project on the chosen backend, with the progress display as a listener.
     *
     * @return the builder, named
     */
    protected final ProjectBuilder builder() {
        return connection().builder().name(project).listener(progress());
    }

    /**
     * Opens the existing project; it is closed when the command ends.
     *
     * @return the project
     * @throws dev.mlops.exception.NotFoundException if there is no such project
     */
    protected final Project open() {
        return closeLater(builder().open());
    }
}
