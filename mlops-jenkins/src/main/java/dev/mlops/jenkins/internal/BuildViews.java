package dev.mlops.jenkins.internal;

import dev.mlops.ExecutionStatus;
import dev.mlops.GateStatus;
import dev.mlops.StageExecution;
import dev.mlops.jenkins.BuildDetails;
import dev.mlops.jenkins.BuildResult;
import dev.mlops.jenkins.Interruption;
import dev.mlops.jenkins.PendingInput;
import dev.mlops.jenkins.StageInfo;
import dev.mlops.jenkins.StageStatus;
import dev.mlops.spi.ApprovalInfo;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.GateRef;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what Jenkins reports of a build (core {@code api/json}, the stage view, pending inputs, the gate notes) into
 * the SPI's executions and approvals. Stages are matched to the template's by name; one the stage view does not
 * list has not started: queued while the build runs, skipped once it ended. An aborted build reads Stopped, except
 * when a stage's timeout ended it (its {@code InterruptedBuildAction} names {@code ExceededTimeout} and no user
 * stopped it) or a gate was rejected: then it failed, and so did the aborted stage.
 */
public final class BuildViews {
    private BuildViews() {
    }

    /**
     * The execution of a build.
     *
     * @param project the project
     * @param spec the pipeline
     * @param build the build
     * @param stages its stage view
     * @return the execution
     */
    public static ExecutionInfo execution(ProjectRecord project, PipelineSpec spec, BuildDetails build,
            List<StageInfo> stages) {
        Map<String, GateNotes.Note> notes = GateNotes.read(build.description());
        boolean rejected = notes.values().stream().anyMatch(n -> !n.approved());
        boolean timedOut = build.timedOut();
        boolean finished = build.status().finished();
        List<StageExecution> out = new ArrayList<>();
        boolean paused = false;
        for (Stage s : spec.stages()) {
            StageInfo seen = stages.stream().filter(i -> i.name().equals(s.name())).findFirst().orElse(null);
            if (seen == null) {
                out.add(new StageExecution(s.name(), s.type(), finished ? ExecutionStatus.Skipped : ExecutionStatus.Queued,
                        Optional.empty(), Optional.empty(), finished ? "not reached" : "waiting for the stages before"));
                continue;
            }
            ExecutionStatus st = stageStatus(seen.status(), finished,
                    (s.type() == StageType.APPROVAL && rejected) || timedOut);
            paused |= st == ExecutionStatus.WaitingForApproval;
            Optional<Instant> start = seen.startedAtMillis() > 0 ? Optional.of(Instant.ofEpochMilli(seen.startedAtMillis()))
                    : Optional.empty();
            Optional<Instant> end = st.isTerminal() && start.isPresent()
                    ? Optional.of(Instant.ofEpochMilli(seen.startedAtMillis() + seen.durationMillis())) : Optional.empty();
            if (st == ExecutionStatus.Skipped) {
                start = Optional.empty();
                end = Optional.empty();
            }
            out.add(new StageExecution(s.name(), s.type(), st, start, end, seen.status() == StageStatus.ABORTED
                    ? abortedSummary(s, build, timedOut) : summary(seen.status(), build)));
        }
        ExecutionStatus status;
        if (!finished) {
            status = paused ? ExecutionStatus.WaitingForApproval : ExecutionStatus.InProgress;
        } else {
            BuildResult r = build.status().result().orElseThrow();
            status = switch (r) {
                case SUCCESS, UNSTABLE -> ExecutionStatus.Succeeded;
                case FAILURE -> ExecutionStatus.Failed;
                case ABORTED -> rejected || timedOut ? ExecutionStatus.Failed : ExecutionStatus.Stopped;
                case NOT_BUILT -> ExecutionStatus.Skipped;
            };
        }
        Instant started = Instant.ofEpochMilli(build.status().startedAtMillis());
        Optional<Instant> ended = finished ? Optional.of(Instant.ofEpochMilli(build.status().startedAtMillis()
                + build.status().durationMillis())) : Optional.empty();
        Map<String, String> p = build.parameters();
        String commit = p.getOrDefault(Jenkinsfile.SOURCE_COMMIT, "");
        String reason = p.getOrDefault(Jenkinsfile.REASON, "");
        return new ExecutionInfo(ExecutionIds.of(project, spec.role(), build.build().number()), spec.role(), status,
                reason.isEmpty() ? "Jenkins build " + build.build() : reason,
                commit.isEmpty() ? Optional.empty() : Optional.of(commit), started, ended, out);
    }

    /** A stage's status; {@code failedIfAborted} for a rejected gate's stage, and for any stage of a timed-out build. */
    private static ExecutionStatus stageStatus(StageStatus s, boolean finished, boolean failedIfAborted) {
        return switch (s) {
            case SUCCESS, UNSTABLE -> ExecutionStatus.Succeeded;
            case FAILED -> ExecutionStatus.Failed;
            case ABORTED -> failedIfAborted ? ExecutionStatus.Failed : ExecutionStatus.Stopped;
            case IN_PROGRESS -> finished ? ExecutionStatus.Stopped : ExecutionStatus.InProgress;
            case PAUSED_PENDING_INPUT -> finished ? ExecutionStatus.Stopped : ExecutionStatus.WaitingForApproval;
            case NOT_EXECUTED -> finished ? ExecutionStatus.Skipped : ExecutionStatus.Queued;
            case SKIPPED -> ExecutionStatus.Skipped;
        };
    }

    /**
     * An aborted stage's summary: past its timeout, "timed out after" the stage's limit (and the whole seconds
     * Jenkins enforced when they differ); stopped by a user, who.
     */
    private static String abortedSummary(Stage stage, BuildDetails build, boolean timedOut) {
        if (timedOut) {
            String jenkins = build.interruptions().stream().filter(Interruption::timeout).map(Interruption::description)
                    .findFirst().orElse("");
            String says = jenkins.isEmpty() ? "" : " (Jenkins: " + jenkins + ")";
            return stage.timeout().map(t -> {
                Duration enforced = Duration.ofSeconds(Jenkinsfile.timeoutSeconds(t));
                return "timed out after " + t + (enforced.equals(t) ? "" : ", enforced as " + enforced) + says;
            }).orElse("timed out" + says);
        }
        return build.interruptions().stream().filter(Interruption::byUser).map(i -> "aborted: " + i.description())
                .findFirst().orElse("aborted");
    }

    private static String summary(StageStatus s, BuildDetails build) {
        return switch (s) {
            case SUCCESS -> "succeeded";
            case UNSTABLE -> "unstable (tests or warnings)";
            case FAILED -> "failed; see the console of Jenkins build " + build.build();
            case ABORTED -> "aborted";
            case IN_PROGRESS -> "running";
            case PAUSED_PENDING_INPUT -> "waiting for approval";
            case NOT_EXECUTED -> "not run";
            case SKIPPED -> "skipped";
        };
    }

    /**
     * The approvals of a build: one per approval stage it reached.
     *
     * @param project the project
     * @param spec the pipeline
     * @param build the build
     * @param stages its stage view
     * @param pending its pending inputs
     * @param jobFullName the job's full name, for the references
     * @return the approvals, in the pipeline's order
     */
    public static List<ApprovalInfo> approvals(ProjectRecord project, PipelineSpec spec, BuildDetails build,
            List<StageInfo> stages, List<PendingInput> pending, String jobFullName) {
        Map<String, GateNotes.Note> notes = GateNotes.read(build.description());
        String executionId = ExecutionIds.of(project, spec.role(), build.build().number());
        Optional<String> model = Optional.ofNullable(build.parameters().get(Jenkinsfile.MODEL_PACKAGE_ARN))
                .filter(v -> !v.isEmpty());
        List<ApprovalInfo> out = new ArrayList<>();
        for (Stage s : spec.stages()) {
            if (s.type() != StageType.APPROVAL) {
                continue;
            }
            String gate = s.gate().map(g -> g.name()).orElse(s.name());
            String id = Jenkinsfile.inputId(gate);
            StageInfo seen = stages.stream().filter(i -> i.name().equals(s.name())).findFirst().orElse(null);
            boolean waiting = pending.stream().anyMatch(i -> i.id().equals(id));
            if (seen == null && !waiting) {
                continue;   // not reached
            }
            GateNotes.Note note = notes.get(id);
            GateStatus status;
            if (waiting) {
                status = GateStatus.Pending;
            } else if (note != null) {
                status = note.approved() ? GateStatus.Approved : GateStatus.Rejected;
            } else if (seen.status() == StageStatus.SUCCESS) {
                status = GateStatus.Approved;      // proceeded in Jenkins itself
            } else if (seen.status() == StageStatus.PAUSED_PENDING_INPUT && !build.status().finished()) {
                status = GateStatus.Pending;
            } else if (seen.status() == StageStatus.IN_PROGRESS && !build.status().finished()) {
                status = GateStatus.Pending;
            } else {
                status = GateStatus.Expired;       // the build ended (stopped, aborted) without a decision
            }
            Instant created = seen != null && seen.startedAtMillis() > 0 ? Instant.ofEpochMilli(seen.startedAtMillis())
                    : Instant.ofEpochMilli(build.status().startedAtMillis());
            out.add(new ApprovalInfo(GateRef.jenkins(jobFullName, build.build().number(), id), gate, spec.role(),
                    executionId, s.gate().map(g -> g.message()).orElse(""), status, created, model,
                    note == null ? Optional.empty() : Optional.of(note.by()),
                    note == null ? Optional.empty() : Optional.of(note.comment())));
        }
        return out;
    }
}
