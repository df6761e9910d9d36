package dev.mlops.cli.commands;

import dev.mlops.ModelVersion;
import picocli.CommandLine.Command;

/** {@code mlops models reject}: rejects a version. */
@Command(name = "reject", header = "Reject a model version (never deployed; rolled back if it was).",
        description = {"Rejects the version as the backend's user. A rejected version is never deployed; if it serves"
                + " somewhere, the deploy pipeline redeploys the newest approved version. Rejecting a rejected version"
                + " is refused (exit 3).",
            "JSON: the version after the decision, {version, arn, group, status, metrics{}, lineage{}, createdAt, decision}."},
        footerHeading = "%nExamples:%n", footer = {"  mlops models reject 4 -p abalone -m 'MSE regressed on the holdout'"})
public final class ModelsRejectCommand extends ModelDecisionCommand {
    /** Creates the command (picocli does). */
    public ModelsRejectCommand() {
    }

    @Override
    protected ModelVersion decide(ModelVersion v, String comment) {
        return v.reject(comment);
    }

    @Override
    protected String defaultComment() {
        return "rejected with the mlops command line";
    }
}
