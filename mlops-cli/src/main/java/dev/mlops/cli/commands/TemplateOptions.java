package dev.mlops.cli.commands;

import dev.mlops.ProjectBuilder;
import dev.mlops.cli.support.TemplateChoice;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
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
     * @return the template, the build-train-deploy one by default
     */
    public Template template() {
        return template == null ? Templates.modelBuildTrainDeploy() : template;
    }

    /**
     * Sets the template and parameters on a builder.
     *
     * @param b the builder
     * @return the builder
     */
    public ProjectBuilder applyTo(ProjectBuilder b) {
        b.template(template());
        parameters.forEach(b::parameter);
        return b;
    }

    @Override
    public String toString() {
        return "TemplateOptions[" + template().id() + ", " + parameters.keySet() + "]";
    }
}
