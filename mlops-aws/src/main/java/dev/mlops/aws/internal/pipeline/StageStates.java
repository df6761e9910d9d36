package dev.mlops.aws.internal.pipeline;

import dev.mlops.ExecutionStatus;
import dev.mlops.StageExecution;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionStatus;

/**
 * Maps the actions of one CodePipeline execution onto the stages of the core pipeline it runs. A core stage takes the
 * action of its own name (the original deploy pipeline's {@code TestStaging} and {@code ApproveDeployment} are
 * actions of its {@code DeployStaging} stage); failing that, the CodePipeline stage of its name, with the actions no
 * other core stage claims by name ({@code DeployStaging} is then its {@code DeployResourcesStaging} action).
 */
final class StageStates {
    private StageStates() {
    }

    /**
     * The core stages of an execution.
     *
     * @param spec the core pipeline
     * @param status the execution's CodePipeline status
     * @param runs every action execution of the execution (retries included)
     * @return the stages, in the core pipeline's order
     */
    static List<StageExecution> stages(PipelineSpec spec, PipelineExecutionStatus status, List<ActionRun> runs) {
        ExecutionStatus whole = execution(status, List.of());
        List<StageExecution> out = new ArrayList<>();
        for (Stage s : spec.stages()) {
            out.add(stage(s, runsOf(spec, s.name(), runs), whole));
        }
        return out;
    }

    /**
     * The latest action executions that make up one core stage.
     *
     * @param spec the core pipeline
     * @param stage the core stage's name
     * @param runs every action execution of the execution
     * @return the stage's actions, possibly none
     */
    static List<ActionRun> runsOf(PipelineSpec spec, String stage, List<ActionRun> runs) {
        Map<String, ActionRun> latest = latestPerAction(runs);
        ActionRun own = latest.get(stage);
        if (own != null) {
            return List.of(own);
        }
        Set<String> claimed = new HashSet<>();
        for (Stage s : spec.stages()) {
            if (latest.containsKey(s.name())) {
                claimed.add(s.name());
            }
        }
        return latest.values().stream().filter(r -> r.stage().equals(stage) && !claimed.contains(r.action())).toList();
    }

    /**
     * The core status of an execution.
     *
     * @param status its CodePipeline status
     * @param stages its core stages, to tell a wait at a gate
     * @return the status
     */
    static ExecutionStatus execution(PipelineExecutionStatus status, List<StageExecution> stages) {
        if (status == null) {
            return ExecutionStatus.InProgress;
        }
        return switch (status) {
            case SUCCEEDED -> ExecutionStatus.Succeeded;
            case FAILED -> ExecutionStatus.Failed;
            case STOPPED -> ExecutionStatus.Stopped;
            // Cancelled: CodePipeline dropped the execution (a queued one, when the pipeline was updated).
            case CANCELLED -> ExecutionStatus.Stopped;
            case SUPERSEDED -> ExecutionStatus.Superseded;
            default -> stages.stream().anyMatch(s -> s.status() == ExecutionStatus.WaitingForApproval)
                    ? ExecutionStatus.WaitingForApproval : ExecutionStatus.InProgress;
        };
    }

    private static Map<String, ActionRun> latestPerAction(List<ActionRun> runs) {
        Map<String, ActionRun> latest = new LinkedHashMap<>();
        runs.stream().sorted(Comparator.comparing((ActionRun r) -> r.startedAt().orElse(Instant.EPOCH)))
                .forEach(r -> latest.put(r.action(), r));
        return latest;
    }

    private static StageExecution stage(Stage s, List<ActionRun> runs, ExecutionStatus whole) {
        if (runs.isEmpty()) {
            boolean over = whole.isTerminal();
            return new StageExecution(s.name(), s.type(), over ? ExecutionStatus.Skipped : ExecutionStatus.Queued,
                    Optional.empty(), Optional.empty(), over ? "not run: the execution ended " + whole + " before it"
                            : "waiting for the stages before it");
        }
        Optional<Instant> started = runs.stream().map(ActionRun::startedAt).flatMap(Optional::stream)
                .min(Comparator.naturalOrder());
        boolean ended = runs.stream().allMatch(ActionRun::ended);
        Optional<Instant> endedAt = ended ? runs.stream().map(r -> r.updatedAt().or(r::startedAt))
                .flatMap(Optional::stream).max(Comparator.naturalOrder()) : Optional.empty();
        ActionRun failed = runs.stream().filter(r -> r.status() == ActionExecutionStatus.FAILED).findFirst().orElse(null);
        ExecutionStatus status;
        String summary;
        if (failed != null) {
            status = ExecutionStatus.Failed;
            summary = failed.isApproval()
                    ? "rejected" + failed.updatedBy().map(u -> " by " + u).orElse("")
                            + failed.summary().map(t -> ": " + t).orElse("")
                    : "action " + failed.action() + " failed: " + failed.errorMessage().or(failed::summary)
                            .orElse("no reason given");
        } else if (!ended) {
            ActionRun running = runs.stream().filter(r -> !r.ended()).findFirst().orElseThrow();
            if (whole.isTerminal()) {
                status = whole == ExecutionStatus.Superseded ? ExecutionStatus.Superseded : ExecutionStatus.Stopped;
                summary = "action " + running.action() + " was left when the execution ended " + whole;
            } else if (running.isApproval() || s.type() == StageType.APPROVAL) {
                status = ExecutionStatus.WaitingForApproval;
                summary = "waiting for a decision on " + running.action();
            } else {
                status = ExecutionStatus.InProgress;
                summary = "action " + running.action() + " in progress";
            }
        } else if (runs.stream().anyMatch(r -> r.status() == ActionExecutionStatus.ABANDONED)) {
            status = whole == ExecutionStatus.Superseded ? ExecutionStatus.Superseded : ExecutionStatus.Stopped;
            ActionRun left = runs.stream().filter(r -> r.status() == ActionExecutionStatus.ABANDONED).findFirst()
                    .orElseThrow();
            summary = "action " + left.action() + " was abandoned (the execution was stopped or superseded)";
        } else {
            status = ExecutionStatus.Succeeded;
            ActionRun last = runs.get(runs.size() - 1);
            summary = last.isApproval()
                    ? "approved" + last.updatedBy().map(u -> " by " + u).orElse("")
                            + last.summary().map(t -> ": " + t).orElse("")
                    : last.summary().orElse("action " + last.action() + " succeeded");
        }
        return new StageExecution(s.name(), s.type(), status, started, endedAt, summary);
    }
}
