package dev.mlops.cli.commands;

import dev.mlops.ModelVersion;
import picocli.CommandLine.Command;

/** {@code mlops models approve}: approves a version, which starts its deployment. */
@Command(name = "approve", header = "Approve a model version (starts its deployment to staging).",
        description = {"Approves the version as the backend's user; the deploy pipeline then deploys it to staging,"
                + " tests it, and waits at the manual gate before prod. Approving an approved version is refused (exit 3).",
            "JSON: the version after the decision, {version, arn, group, status, metrics{}, lineage{}, createdAt, decision}."},
        footerHeading = "%nExamples:%n", footer = {"  mlops models approve --pending -p abalone -m 'MSE below 6.0'",
            "  mlops models approve 3"})
public final class ModelsApproveCommand extends ModelDecisionCommand {
    /** Creates the command (picocli does). */
    public ModelsApproveCommand() {
    }

    @Override
    protected ModelVersion decide(ModelVersion v, String comment) {
        return v.approve(comment);
    }

    @Override
    protected String defaultComment() {
        return "approved with the mlops command line";
    }
}
