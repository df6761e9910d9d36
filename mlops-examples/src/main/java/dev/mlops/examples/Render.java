package dev.mlops.examples;

import dev.mlops.aws.cfn.AwsRoles;
import dev.mlops.aws.cfn.CloudFormationRenderer;
import dev.mlops.aws.cfn.RenderedProject;
import dev.mlops.aws.cfn.SeedArchive;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code render} command: renders one of the SageMaker-provided templates to the CloudFormation a project made
 * from it would deploy on AWS, and writes it to a folder. Offline: it needs no AWS account or credentials.
 */
final class Render {
    private Render() {
    }

    /**
     * The template with an id.
     *
     * @param id e.g. {@code model-building-training-deployment}
     * @return the template, if {@link Templates#all()} has it
     */
    static Optional<Template> template(String id) {
        return Templates.all().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /**
     * The ids of every template, in the seed document's order.
     *
     * @return the ids
     */
    static List<String> templateIds() {
        return Templates.all().stream().map(Template::id).toList();
    }

    /**
     * Renders and writes, then prints each file written and where the project stack expects each seed archive.
     *
     * @param template the template
     * @param project the project's name
     * @param folder where to write
     * @param out where to print
     * @return the rendered project
     */
    static RenderedProject run(Template template, String project, Path folder, PrintStream out) {
        RenderedProject rendered = new CloudFormationRenderer().render(template, project, AwsRoles.defaults());
        List<Path> files = rendered.writeTo(folder);
        out.println("Rendered template " + template.id() + " for project " + project + " to " + folder + ":");
        for (Path f : files) {
            out.println("  " + f.getFileName());
        }
        out.println("The project stack reads each repository's seed code from the bucket given as parameter "
                + SeedArchive.BUCKET_PARAMETER + ":");
        for (SeedArchive a : rendered.seedArchives()) {
            out.println("  " + a.repositoryRole() + " (branch " + a.branch() + "): " + a.key() + ", "
                    + a.seed().files().size() + " files");
        }
        return rendered;
    }
}
