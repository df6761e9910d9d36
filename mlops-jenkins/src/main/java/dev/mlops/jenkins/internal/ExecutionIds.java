package dev.mlops.jenkins.internal;

import dev.mlops.spi.ProjectRecord;
import java.util.Optional;

/**
 * Execution ids of the Jenkins orchestrator: {@code <project id>.<pipeline role>.<build number>}. The project's id
 * keeps another project's build of the same pipeline and number from being read as this one's.
 */
public final class ExecutionIds {
    private ExecutionIds() {
    }

    /**
     * A parsed id.
     *
     * @param pipeline the pipeline's role
     * @param number the build number
     */
    public record Parsed(String pipeline, int number) {
    }

    /**
     * The id of a build.
     *
     * @param project the project
     * @param pipeline the pipeline's role
     * @param number the build number
     * @return the id
     */
    public static String of(ProjectRecord project, String pipeline, int number) {
        return project.id() + "." + pipeline + "." + number;
    }

    /**
     * Reads an id of this project.
     *
     * @param project the project
     * @param id the id
     * @return the pipeline and build, or empty if the id is not one of this project's
     */
    public static Optional<Parsed> parse(ProjectRecord project, String id) {
        String prefix = project.id() + ".";
        if (id == null || !id.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = id.substring(prefix.length());
        int dot = rest.lastIndexOf('.');
        if (dot <= 0 || !rest.substring(dot + 1).matches("[1-9][0-9]{0,8}")) {
            return Optional.empty();
        }
        String role = rest.substring(0, dot);
        boolean known = project.template().pipelines().stream().anyMatch(p -> p.role().equals(role));
        return known ? Optional.of(new Parsed(role, Integer.parseInt(rest.substring(dot + 1)))) : Optional.empty();
    }
}
