package dev.mlops.cli.support;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.Pipeline;
import dev.mlops.Project;
import dev.mlops.cli.progress.ProgressDisplay;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.MlopsBackendException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The quickstart's path on a created (or reattached) project: build and train (the seed commit's run, or a new run
 * on a later call), approve the registered version, staging and its tests, the manual gate, prod, and real rows
 * sent to prod. Each wait is a phase of the progress display; each phase is timed.
 */
public final class QuickstartFlow {
    private final Project project;
    private final ProgressDisplay progress;
    private final Duration timeout;
    private final Map<String, Long> phases = new LinkedHashMap<>();
    private long mark = System.nanoTime();

    /**
     * Creates the flow.
     *
     * @param project the project, from the build-train-deploy template
     * @param progress the display the waits are shown on (already a listener of the project)
     * @param timeout how long each wait may take
     */
    public QuickstartFlow(Project project, ProgressDisplay progress, Duration timeout) {
        this.project = project;
        this.progress = progress;
        this.timeout = timeout;
    }

    /**
     * What a run delivered.
     *
     * @param build the build run
     * @param version the model version deployed to prod
     * @param rows the rows sent to prod (inputs and true rings)
     * @param predictions prod's answer for each row
     * @param phases each phase's milliseconds, in order
     */
    public record Result(Execution build, ModelVersion version, List<String[]> rows, List<Double> predictions,
            Map<String, Long> phases) {
    }

    /**
     * Notes a phase's time so far (e.g. the project's creation, made before the flow).
     *
     * @param name the phase
     * @param millis its milliseconds
     */
    public void timed(String name, long millis) {
        phases.put(name, millis);
        mark = System.nanoTime();
    }

    /**
     * Runs the path.
     *
     * @return what it delivered
     * @throws IllegalStateTransitionException if the build's version was decided by someone else meanwhile
     * @throws MlopsBackendException if the build does not succeed, or (retryable) a wait times out
     */
    public Result run() {
        Pipeline build = project.pipelines().build();
        progress.phase("build pipeline: preprocess, train, evaluate, register", build.spec().stages().size());
        Optional<Execution> latest = build.latestExecution();
        Execution run;
        if (latest.isEmpty()) {
            // A new project: its seed commit starts the first build; starting one here would build twice.
            run = build.awaitLatest(timeout);
        } else if (!latest.get().status().isTerminal() || awaitsApproval(latest.get())) {
            run = latest.get().await(timeout);
        } else {
            run = build.start().await(timeout);
        }
        lap("build pipeline (" + run.id() + ")");
        if (run.status() != ExecutionStatus.Succeeded) {
            throw new MlopsBackendException("The build pipeline ended " + run.status() + "; see 'mlops pipelines logs build"
                    + " --execution " + run.id() + "'", null, Map.of("execution", run.id()), false);
        }
        String id = run.id();
        ModelVersion candidate = project.models().versions().stream()
                .filter(v -> id.equals(v.lineage().get("pipelineExecution"))).findFirst()
                .orElseThrow(() -> new MlopsBackendException("Build " + id + " registered no model version", null,
                        Map.of("execution", id), false));
        if (candidate.status() != ModelApprovalStatus.PendingManualApproval) {
            throw new IllegalStateTransitionException("Model version " + candidate.version() + " of build " + id
                    + " was already decided (" + candidate.status() + "): another process runs the quickstart on this"
                    + " project; let it finish, or use another --home", Map.of("version", Integer.toString(candidate.version())));
        }
        ModelVersion approved = candidate.approve("MSE below 6.0 on the test split");
        int stages = project.pipelines().deploy().spec().stages().size();
        progress.phase("deploy to staging", stages);
        project.environments().staging().awaitDeployed(approved, timeout);
        lap("approve -> staging in service");
        progress.phase("staging endpoint tests", stages);
        Gate gate = project.gates().awaitPending(approved, timeout);
        lap("staging endpoint tests");
        gate.approve("staging tests passed");
        progress.phase("deploy to prod", stages);
        project.environments().prod().awaitDeployed(approved, timeout);
        lap("gate -> prod in service");
        List<String[]> rows = AbaloneRows.sample(10);
        String[] answers = project.environments().prod().endpoint().invoke(AbaloneRows.body(rows)).strip().split("\n");
        lap(rows.size() + " rows to prod");
        List<Double> predictions = java.util.Arrays.stream(answers).map(String::trim).map(Double::parseDouble).toList();
        return new Result(run, approved, rows, predictions, Map.copyOf(phases).isEmpty() ? Map.of() : new LinkedHashMap<>(phases));
    }

    private boolean awaitsApproval(Execution e) {
        return project.models().pendingApproval().stream().anyMatch(v -> e.id().equals(v.lineage().get("pipelineExecution")));
    }

    private void lap(String phase) {
        long now = System.nanoTime();
        phases.put(phase, (now - mark) / 1_000_000);
        mark = now;
    }

    @Override
    public String toString() {
        return "QuickstartFlow[" + project.name() + "]";
    }
}
