package dev.mlops.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.cfn.AwsRoles;
import dev.mlops.aws.cfn.CloudFormationRenderer;
import dev.mlops.aws.cfn.RenderedProject;
import dev.mlops.aws.cfn.SeedArchive;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.Json;
import dev.mlops.cli.support.TemplateChoice;
import dev.mlops.template.Template;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlops render}: the CloudFormation a project would deploy on AWS, offline. */
@Command(name = "render", header = "Write the CloudFormation templates a project would deploy on AWS (offline).",
        description = {"Renders a SageMaker-provided template to the CloudFormation a project of that name would deploy"
                + " on AWS, with the originals' resources and names: the project stack <project>-project.json and one"
                + " endpoint stack <project>-deploy-<environment>.json per environment, and says where the project"
                + " stack expects each repository's seed archive. Needs no AWS account or credentials.",
            "JSON: {template, project, out, files[], seedBucketParameter, seedArchives[{repository, branch, key, files}]}."},
        footerHeading = "%nExamples:%n", footer = {"  mlops render --template model-building-training-deployment -p abalone --out cfn/",
            "  mlops --json render -t model-building-training -p demo -o cfn | jq -r '.files[]'"})
public final class RenderCommand extends CommandBase {
    @Option(names = {"-t", "--template"}, paramLabel = "ID", required = true, converter = TemplateChoice.class,
            completionCandidates = TemplateChoice.class, description = "The template's id: ${COMPLETION-CANDIDATES}.")
    Template template;

    @Option(names = {"-p", "--project"}, paramLabel = "NAME", defaultValue = "${env:MLOPS_PROJECT:-abalone}",
            description = "The project's name the stacks are rendered for (default: $MLOPS_PROJECT, else abalone).")
    String project;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true,
            description = "The folder to write the templates to (created if missing).")
    Path out;

    /** Creates the command (picocli does). */
    public RenderCommand() {
    }

    @Override
    protected int run() {
        RenderedProject rendered = new CloudFormationRenderer().render(template, project, AwsRoles.defaults());
        List<Path> files = rendered.writeTo(out);
        ObjectNode json = Json.object().put("template", template.id()).put("project", project).put("out", out.toString());
        ArrayNode f = json.putArray("files");
        files.forEach(p -> f.add(p.toString()));
        json.put("seedBucketParameter", SeedArchive.BUCKET_PARAMETER);
        ArrayNode seeds = json.putArray("seedArchives");
        for (SeedArchive a : rendered.seedArchives()) {
            seeds.addObject().put("repository", a.repositoryRole()).put("branch", a.branch()).put("key", a.key())
                    .put("files", a.seed().files().size());
        }
        output().result(json, o -> {
            o.println("Rendered template " + template.id() + " for project " + project + " to " + out + ":");
            files.forEach(p -> o.println("  " + p.getFileName()));
            o.println("The project stack reads each repository's seed code from the bucket given as parameter "
                    + SeedArchive.BUCKET_PARAMETER + ":");
            for (SeedArchive a : rendered.seedArchives()) {
                o.println("  " + a.repositoryRole() + " (branch " + a.branch() + "): " + a.key() + ", "
                        + a.seed().files().size() + " files");
            }
        });
        return ExitCodes.OK;
    }
}
