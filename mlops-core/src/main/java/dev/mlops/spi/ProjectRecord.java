package dev.mlops.spi;

import dev.mlops.template.Template;
import java.time.Instant;
import java.util.Map;

/**
 * A project as a backend stores it.
 *
 * @param name the project's name
 * @param id the project's id ({@code p-} and 12 characters)
 * @param template the template, with its parameter values
 * @param tags the tags, including {@code sagemaker:project-name} and {@code sagemaker:project-id}
 * @param createdAt when it was created
 */
public record ProjectRecord(String name, String id, Template template, Map<String, String> tags, Instant createdAt) {
    /**
     * Copies the tags: the record does not change when the caller's collection does.
     *
     * @param name the project's name
     * @param id the project's id ({@code p-} and 12 characters)
     * @param template the template, with its parameter values
     * @param tags the tags, including {@code sagemaker:project-name} and {@code sagemaker:project-id}
     * @param createdAt when it was created
     */
    public ProjectRecord {
        tags = Map.copyOf(tags);
    }

    /**
     * The names' common stem, {@code <name>-<id>}: the model package group and the ML pipeline's name.
     *
     * @return the stem
     */
    public String nameId() {
        return name + "-" + id;
    }

    /**
     * A repository's or pipeline's full name, {@code sagemaker-<name>-<id>-<role>}.
     *
     * @param role e.g. {@code modelbuild}
     * @return the name
     */
    public String resourceName(String role) {
        return "sagemaker-" + name + "-" + id + "-" + role;
    }

    /**
     * An environment's endpoint name, {@code <name>-<environment>}.
     *
     * @param environment e.g. {@code prod}
     * @return the name
     */
    public String endpointName(String environment) {
        return name + "-" + environment;
    }
}
