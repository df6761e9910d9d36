package dev.mlops.cli.commands;

import dev.mlops.ModelVersion;
import dev.mlops.Models;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.ModelViews;
import dev.mlops.exception.NotFoundException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code models approve} and {@code models reject} share: choosing the version (a number, {@code --latest},
 * {@code --pending} or {@code --arn}, exactly one) and the comment recorded with the decision.
 */
public abstract class ModelDecisionCommand extends ProjectCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION",
            description = "The version number, e.g. 3. Or use --pending, --latest or --arn.")
    Integer version;

    @Option(names = "--pending", description = "The newest version waiting for approval.")
    boolean pending;

    @Option(names = "--latest", description = "The newest version, whatever its status.")
    boolean latest;

    @Option(names = "--arn", paramLabel = "ARN", description = "The version with this ARN.")
    String arn;

    @Option(names = {"-m", "--comment"}, paramLabel = "TEXT",
            description = "Why: recorded with the decision in the version's history.")
    String comment;

    /** Creates the command (picocli does). */
    protected ModelDecisionCommand() {
    }

    /**
     * Makes the decision.
     *
     * @param v the chosen version
     * @param comment the comment
     * @return the version after the decision
     */
    protected abstract ModelVersion decide(ModelVersion v, String comment);

    /**
     * The comment used when none is given.
     *
     * @return the comment
     */
    protected abstract String defaultComment();

    @Override
    protected int run() {
        int chosen = (version != null ? 1 : 0) + (pending ? 1 : 0) + (latest ? 1 : 0) + (arn != null ? 1 : 0);
        if (chosen != 1) {
            throw usage("name exactly one version: VERSION, --pending, --latest or --arn");
        }
        Models models = open().models();
        ModelVersion v;
        if (version != null) {
            v = models.version(version);
        } else if (arn != null) {
            v = models.byArn(arn);
        } else if (pending) {
            v = models.pendingApproval().first().orElseThrow(() -> new NotFoundException("model version", "pending",
                    "no version of " + models.group() + " waits for approval; see 'mlops models list'"));
        } else {
            v = models.versions().first().orElseThrow(() -> new NotFoundException("model version", "latest",
                    models.group() + " has no versions yet; see 'mlops pipelines await build'"));
        }
        ModelVersion after = decide(v, comment == null ? defaultComment() : comment);
        output().result(ModelViews.json(after), out -> ModelViews.printDecision(after, out));
        return ExitCodes.OK;
    }
}
