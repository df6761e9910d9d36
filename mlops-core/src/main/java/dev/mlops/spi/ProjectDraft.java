package dev.mlops.spi;

import dev.mlops.template.Template;
import java.util.Map;

/**
 * A project to create, before the project store has assigned its id.
 *
 * @param name the project's name
 * @param template the template, with its parameter values
 * @param tags the user's tags (the store adds {@code sagemaker:project-name} and {@code sagemaker:project-id})
 * @param description the description, possibly empty
 */
public record ProjectDraft(String name, Template template, Map<String, String> tags, String description) {
    /**
     * Copies the tags: the record does not change when the caller's collection does.
     *
     * @param name the project's name
     * @param template the template, with its parameter values
     * @param tags the user's tags (the store adds {@code sagemaker:project-name} and {@code sagemaker:project-id})
     * @param description the description, possibly empty
     */
    public ProjectDraft {
        tags = Map.copyOf(tags);
        description = description == null ? "" : description;
    }
}
