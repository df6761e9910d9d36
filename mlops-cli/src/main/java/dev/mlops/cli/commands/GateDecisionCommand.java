package dev.mlops.cli.commands;

import dev.mlops.Gate;
import dev.mlops.Project;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.GateViews;
import dev.mlops.cli.support.DurationConverter;
import dev.mlops.cli.support.PipelineRoles;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code gates approve} and {@code gates reject} share: choosing the gate (an id, {@code --pending} or
 * {@code --version}, exactly one), optionally waiting for it, and the comment recorded with the decision.
 * {@code --pending} refuses to guess: with several gates pending it names them and decides none.
 */
public abstract class GateDecisionCommand extends ProjectCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "GATE_ID",
            description = "The gate's id, as 'mlops gates list' shows it. Or use --pending or --version.")
    String id;

    @Option(names = "--pending", description = "The one pending gate (with --pipeline: of that pipeline); refused if"
            + " several are pending.")
    boolean pending;

    @Option(names = "--version", paramLabel = "N", description = "The pending gate of model version N's deployment.")
    Integer version;

    @Option(names = "--pipeline", paramLabel = "PIPELINE", completionCandidates = PipelineRoles.class,
            description = "With --pending: only gates of this pipeline (deploy, monitor, or a role).")
    String pipeline;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Wait up to this long for the gate to be pending (with --pending or --version); exit 6 when it"
                    + " runs out.")
    Duration wait;

    @Option(names = {"-m", "--comment"}, paramLabel = "TEXT", description = "Why: recorded with the decision.")
    String comment;

    /** Creates the command (picocli does). */
    protected GateDecisionCommand() {
    }

    /**
     * Makes the decision.
     *
     * @param g the chosen gate
     * @param comment the comment
     * @return the gate after the decision
     */
    protected abstract Gate decide(Gate g, String comment);

    /**
     * The comment used when none is given.
     *
     * @return the comment
     */
    protected abstract String defaultComment();

    @Override
    protected int run() {
        int chosen = (id != null ? 1 : 0) + (pending ? 1 : 0) + (version != null ? 1 : 0);
        if (chosen != 1) {
            throw usage("name exactly one gate: GATE_ID, --pending or --version");
        }
        if (pipeline != null && !pending) {
            throw usage("--pipeline narrows --pending only");
        }
        if (wait != null && id != null) {
            throw usage("--wait goes with --pending or --version; a gate named by id exists already");
        }
        Project p = open();
        Gate g = choose(p);
        Gate after = decide(g, comment == null ? defaultComment() : comment);
        output().result(GateViews.json(after), out -> GateViews.printOne(after, out));
        return ExitCodes.OK;
    }

    private Gate choose(Project p) {
        if (id != null) {
            return p.gates().get(id);
        }
        if (version != null) {
            if (wait != null) {
                progress().phase("the gate of model version " + version, -1);
                return p.gates().awaitPending(p.models().version(version), wait);
            }
            return p.gates().pending().stream()
                    .filter(g -> g.modelVersion().map(v -> v.version() == version).orElse(false)).findFirst()
                    .orElseThrow(() -> new NotFoundException("pending gate", "version " + version,
                            "no gate waits for model version " + version + "; add --wait 10m to wait for it"));
        }
        if (wait != null) {
            progress().phase("a pending gate", -1);
            p.gates().awaitPending(wait);
        }
        String role = pipeline == null ? null : PipelineRoles.role(pipeline);
        List<Gate> open = p.gates().pending().stream().filter(g -> role == null || g.pipeline().equals(role)).toList();
        if (open.isEmpty()) {
            throw new NotFoundException("pending gate", role == null ? "any" : role,
                    "no gate waits for a decision; see 'mlops gates list --all'");
        }
        if (open.size() > 1) {
            throw new MlopsClientException("Several gates are pending; name one by id (or narrow with --pipeline): "
                    + open.stream().map(g -> g.id() + " (" + g.pipeline() + ")").collect(Collectors.joining(", ")),
                    null, Map.of("pending", Integer.toString(open.size())));
        }
        return open.get(0);
    }
}
