package dev.mlops.cli.support;

import dev.mlops.Pipeline;
import dev.mlops.Project;
import dev.mlops.template.Templates;
import java.util.Iterator;
import java.util.List;

/**
 * The pipeline argument of the {@code pipelines} commands: a role such as {@code modelbuild}, or its short form
 * {@code build}, {@code deploy}, {@code monitor}.
 */
public final class PipelineRoles implements Iterable<String> {
    /** Creates the candidates (picocli does, for completion). */
    public PipelineRoles() {
    }

    /**
     * The role a name stands for.
     *
     * @param name a role or its short form
     * @return the role
     */
    public static String role(String name) {
        return switch (name) {
            case "build" -> Templates.MODEL_BUILD;
            case "deploy" -> Templates.MODEL_DEPLOY;
            case "monitor" -> Templates.MODEL_MONITOR;
            default -> name;
        };
    }

    /**
     * A project's pipeline by role or short form.
     *
     * @param project the project
     * @param name a role or its short form
     * @return the pipeline
     * @throws dev.mlops.exception.NotFoundException if the project has none of that role
     */
    public static Pipeline of(Project project, String name) {
        return project.pipelines().named(role(name));
    }

    @Override
    public Iterator<String> iterator() {
        return List.of("build", "deploy", "monitor", Templates.MODEL_BUILD, Templates.MODEL_DEPLOY, Templates.MODEL_MONITOR)
                .iterator();
    }
}
