package dev.mlops.cli.commands;

import dev.mlops.ProjectBuilder;
import dev.mlops.cli.internal.Connection;
import dev.mlops.cli.support.TemplateChoice;
import dev.mlops.template.Template;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that choose a project's template and its parameters ({@code create}, {@code plan}). */
public final class TemplateOptions {
    @Option(names = {"-t", "--template"}, paramLabel = "ID", converter = TemplateChoice.class,
            completionCandidates = TemplateChoice.class,
            description = "The template's id (default: model-building-training-deployment). One of: ${COMPLETION-CANDIDATES}.")
    Template template;

    @Option(names = "--param", paramLabel = "NAME=VALUE", mapFallbackValue = "",
            description = "A template parameter's value, e.g. --param SourceModelPackageGroupName=shared-models. Repeatable.")
    Map<String, String> parameters = new LinkedHashMap<>();

    /** Creates the options (picocli fills them). */
    public TemplateOptions() {
    }

    /**
     * The template chosen.
     *
     * @param connection the composition the project is on: without {@code --template} its default template applies
     *     (the build-train-deploy one, fitted to third-party repositories or Jenkins where it needs to be)
     * @param projectName the project's name, which the third-party templates name their repositories after
     * @return the template
     */
    public Template template(Connection connection, String projectName) {
        return template == null ? connection.template(projectName) : template;
    }

    /**
     * Sets the template and parameters on a builder.
     *
     * @param b the builder
     * @param connection the composition the project is on
     * @param projectName the project's name
     * @return the builder
     */
    public ProjectBuilder applyTo(ProjectBuilder b, Connection connection, String projectName) {
        b.template(template(connection, projectName));
        parameters.forEach(b::parameter);
        return b;
    }

    @Override
    public String toString() {
        return "TemplateOptions[" + (template == null ? "the composition's default" : template.id()) + ", "
                + parameters.keySet() + "]";
    }
}
