package dev.mlops.cli.commands;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.Models;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.ModelViews;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlops models list}: the versions, newest first. */
@Command(name = "list", header = "List the project's model versions, newest first.",
        description = "JSON: {group, versions[{version, arn, group, status, metrics{}, lineage{}, createdAt, decision}]};"
                + " status is PendingManualApproval, Approved or Rejected.",
        footerHeading = "%nExamples:%n", footer = {"  mlops models list -p abalone",
            "  mlops --json models list --status PendingManualApproval | jq '.versions[0].metrics.mse'"})
public final class ModelsListCommand extends ProjectCommand {
    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only versions with this status: ${COMPLETION-CANDIDATES}.")
    ModelApprovalStatus status;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "At most N versions (the newest).")
    Integer limit;

    /** Creates the command (picocli does). */
    public ModelsListCommand() {
    }

    @Override
    protected int run() {
        if (limit != null && limit < 1) {
            throw usage("--limit must be at least 1, not " + limit);
        }
        Models models = open().models();
        List<ModelVersion> versions = (status == ModelApprovalStatus.PendingManualApproval ? models.pendingApproval()
                : models.versions()).stream().filter(v -> status == null || v.status() == status)
                .limit(limit == null ? Long.MAX_VALUE : limit).toList();
        output().result(ModelViews.json(models.group(), versions), out -> ModelViews.print(versions, out));
        return ExitCodes.OK;
    }
}
