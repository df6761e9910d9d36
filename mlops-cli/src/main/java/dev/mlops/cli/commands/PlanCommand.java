package dev.mlops.cli.commands;

import dev.mlops.Plan;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.ProjectViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mlops plan}: what creating the project, or changing it to a template, would do. */
@Command(name = "plan", header = "Show what creating or updating a project would change, without changing it.",
        description = {"Compares the template (and parameters) with what exists: for a new project, everything it"
                + " would make; for an existing one, the changes an update to this template would apply. Nothing is"
                + " changed. An unchanged project plans to nothing.",
            "JSON: {project, exists, empty, changes[{action (CREATE|UPDATE|DELETE), resource, name, detail}]}."},
        footerHeading = "%nExamples:%n", footer = {"  mlops plan -p abalone",
            "  mlops plan -p abalone --template model-building-training-deployment-monitoring"})
public final class PlanCommand extends ProjectCommand {
    @Mixin
    TemplateOptions template;

    /** Creates the command (picocli does). */
    public PlanCommand() {
    }

    @Override
    protected int run() {
        Plan plan = template.applyTo(builder(), connection(), projectName()).plan();
        output().result(ProjectViews.json(plan), out -> ProjectViews.print(plan, out));
        return ExitCodes.OK;
    }
}
