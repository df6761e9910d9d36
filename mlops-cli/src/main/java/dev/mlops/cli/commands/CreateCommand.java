package dev.mlops.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Project;
import dev.mlops.ProjectBuilder;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.ProjectViews;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops create}: creates a project, or reattaches to it if it exists with the same template. */
@Command(name = "create", header = "Create a project (or reattach to it if it exists with the same template).",
        description = {
            "Creates the project from a template: its repositories (seeded with the template's seed code, whose first"
                    + " commit triggers the build pipeline), its pipelines and its model package group. If a project of"
                    + " that name exists with the same template, it is reattached and nothing changes; with another"
                    + " template it is refused (exit 3) and the differences are listed: see 'mlops plan'.",
            "On the embedded backend the pipelines run while an mlops process has the project open, e.g. during"
                    + " 'mlops pipelines await build'.",
            "JSON: {name, id, backend, template, created, tags{}, repositories[{role, name, branch, cloneUri}],"
                    + " pipelines[{role, name}], environments[]}."},
        footerHeading = "%nExamples:%n",
        footer = {"  mlops create -p abalone",
            "  mlops create -p shared --template model-building-training-deployment-monitoring --tag team=ml"})
public final class CreateCommand extends ProjectCommand {
    @Mixin
    TemplateOptions template;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag for the project. Repeatable.")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--description", paramLabel = "TEXT", description = "A description, up to 1024 characters.")
    String description;

    /** Creates the command (picocli does). */
    public CreateCommand() {
    }

    @Override
    protected int run() {
        ProjectBuilder b = template.applyTo(builder(), connection(), projectName());
        tags.forEach(b::tag);
        if (description != null) {
            b.description(description);
        }
        boolean existed = connection().builder().list().contains(projectName());
        progress().phase((existed ? "reattach " : "create ") + projectName(), -1);
        Project p = closeLater(b.create());
        ObjectNode json = ProjectViews.json(p);
        json.put("created", !existed);
        output().result(json, out -> {
            out.println(existed ? "Reattached to the existing project:" : "Created:");
            ProjectViews.print(p, out);
        });
        if (!existed) {
            output().note("Next: mlops pipelines await build -p %s", p.name());
        }
        return ExitCodes.OK;
    }
}
