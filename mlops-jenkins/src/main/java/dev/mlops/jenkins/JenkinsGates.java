package dev.mlops.jenkins;

import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.jenkins.internal.BuildViews;
import dev.mlops.jenkins.internal.GateNotes;
import dev.mlops.spi.ApprovalInfo;
import dev.mlops.spi.GateRef;
import dev.mlops.spi.Page;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.StageType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gates of {@link JenkinsOrchestrator}: the approval stages each build reached, read from the stage view, the
 * pending {@code input} steps and the decisions noted in the build's description; decided by proceeding or
 * aborting the input.
 */
final class JenkinsGates {
    private static final Logger LOG = LoggerFactory.getLogger(JenkinsGates.class);

    private final JenkinsClient client;
    private final String user;
    private final WaitPolicy waitPolicy;
    private final Duration timeout;
    private final BiFunction<ProjectRecord, String, JobPath> jobOf;

    JenkinsGates(JenkinsClient client, String user, WaitPolicy waitPolicy, Duration timeout,
            BiFunction<ProjectRecord, String, JobPath> jobOf) {
        this.client = client;
        this.user = user;
        this.waitPolicy = waitPolicy;
        this.timeout = timeout;
        this.jobOf = jobOf;
    }

    private JobPath jobOf(ProjectRecord project, String role) {
        return jobOf.apply(project, role);
    }

    private static PipelineSpec pipeline(ProjectRecord project, String role) {
        return project.template().pipeline(role).orElseThrow(() -> new NotFoundException("pipeline", role,
                "project " + project.name() + " has no such pipeline"));
    }

    Page<ApprovalInfo> approvals(ProjectRecord project, PageRequest page) {
        int offset = page.token().map(t -> JenkinsOrchestrator.number("PageRequest.token", t, 'o')).orElse(0);
        List<ApprovalInfo> all = new ArrayList<>();
        for (PipelineSpec spec : project.template().pipelines()) {
            if (spec.stages().stream().noneMatch(s -> s.type() == StageType.APPROVAL)) {
                continue;
            }
            JobPath job = jobOf(project, spec.role());
            for (BuildDetails b : client.builds(job)) {
                all.addAll(approvalsOf(project, spec, b));
            }
        }
        all.sort(Comparator.comparing(ApprovalInfo::createdAt).reversed().thenComparing(ApprovalInfo::executionId,
                Comparator.reverseOrder()));
        int end = Math.min(all.size(), offset + page.limit());
        List<ApprovalInfo> items = offset >= all.size() ? List.of() : all.subList(offset, end);
        return new Page<>(items, end < all.size() ? Optional.of("o" + end) : Optional.empty());
    }

    private List<ApprovalInfo> approvalsOf(ProjectRecord project, PipelineSpec spec, BuildDetails b) {
        List<StageInfo> stages;
        try {
            stages = client.stages(b.build());
        } catch (NotFoundException gone) {
            return List.of();
        }
        boolean paused = stages.stream().anyMatch(s -> s.status() == StageStatus.PAUSED_PENDING_INPUT);
        List<PendingInput> pending = paused && !b.status().finished() ? client.pendingInputsIfAny(b.build()) : List.of();
        return BuildViews.approvals(project, spec, b, stages, pending, b.build().job().toString());
    }

    ApprovalInfo decide(ProjectRecord project, GateRef ref, boolean approve, String comment) {
        if (!ref.kind().equals("jenkins")) {
            throw new ValidationException("GateRef.kind", ref.kind(), "a jenkins gate reference from this orchestrator");
        }
        String job = ref.field("job");
        String inputId = ref.field("inputId");
        String number = ref.field("build");
        PipelineSpec spec = project.template().pipelines().stream()
                .filter(p -> jobOf(project, p.role()).toString().equals(job)).findFirst()
                .orElseThrow(() -> new NotFoundException("gate", ref.toString(), "not a gate of project " + project.name()));
        if (!number.matches("[1-9][0-9]{0,8}")) {
            throw new NotFoundException("gate", ref.toString(), "no such build of " + job);
        }
        BuildRef build = new BuildRef(jobOf(project, spec.role()), Integer.parseInt(number));
        BuildDetails b = client.build(build).orElseThrow(() -> new NotFoundException("gate", ref.toString(),
                "Jenkins has no build " + build));
        ApprovalInfo gate = approvalsOf(project, spec, b).stream().filter(a -> a.ref().equals(ref)).findFirst()
                .orElseThrow(() -> new NotFoundException("gate", ref.toString(), "build " + build
                        + " has not reached such a gate"));
        if (gate.status() != dev.mlops.GateStatus.Pending) {
            throw new IllegalStateTransitionException("Gate " + gate.gate() + " of execution " + gate.executionId()
                    + " is " + gate.status() + "; only a pending gate can be decided", Map.of("gate", gate.gate(),
                            "status", gate.status().name()));
        }
        PendingInput input = client.pendingInputsIfAny(build).stream().filter(i -> i.id().equals(inputId)).findFirst()
                .orElseThrow(() -> new IllegalStateTransitionException("Gate " + gate.gate() + " of execution "
                        + gate.executionId() + " is no longer waiting in Jenkins", Map.of("gate", gate.gate())));
        settle(project, build, input, approve, gate);
        String why = comment == null ? "" : comment;
        GateNotes.Note note = new GateNotes.Note(approve, user, why);
        // Jenkins keeps no comment with an input; the build's description does.
        BuildDetails now = client.build(build).orElse(b);
        client.describe(build, GateNotes.add(now.description(), inputId, note));
        return new ApprovalInfo(gate.ref(), gate.gate(), gate.pipeline(), gate.executionId(), gate.message(),
                approve ? dev.mlops.GateStatus.Approved : dev.mlops.GateStatus.Rejected, gate.createdAt(),
                gate.modelArn(), Optional.of(user), Optional.of(why));
    }

    /**
     * Proceeds or aborts an input. A transient failure may hide an answer that was lost after Jenkins acted: then the
     * input is read again, and if it no longer waits while the build went the way of this decision, that is taken as
     * done; if it still waits, the decision is sent again.
     */
    private void settle(ProjectRecord project, BuildRef build, PendingInput input, boolean approve, ApprovalInfo gate) {
        WaitPolicy.Pacer pacer = waitPolicy.begin();
        long deadline = waitPolicy.ticker().nanoTime() + timeout.toNanos();
        boolean sent = false;
        while (true) {
            try {
                if (approve) {
                    client.approve(input);
                } else {
                    client.reject(input);
                }
                return;
            } catch (dev.mlops.exception.ConflictException settled) {
                if (sent && wentOurWay(project, build, gate, approve)) {
                    return;
                }
                throw new IllegalStateTransitionException("Gate " + gate.gate() + " of execution " + gate.executionId()
                        + " was decided meanwhile; only a pending gate can be decided", Map.of("gate", gate.gate()));
            } catch (MlopsBackendException e) {
                if (!e.retryable() || waitPolicy.ticker().nanoTime() >= deadline) {
                    throw e;
                }
                sent = true;
                LOG.debug("deciding input {} of {} failed transiently; reading it again", input.id(), build, e);
            }
            try {
                pacer.pause(pacer.mark(), deadline);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new MlopsBackendException("interrupted while deciding gate " + gate.gate(), ie,
                        Map.of("backend", "jenkins"), true);
            }
            try {
                boolean waiting = client.pendingInputsIfAny(build).stream().anyMatch(i -> i.id().equals(input.id()));
                if (!waiting) {
                    if (wentOurWay(project, build, gate, approve)) {
                        return;
                    }
                    throw new IllegalStateTransitionException("Gate " + gate.gate() + " of execution "
                            + gate.executionId() + " was decided meanwhile; only a pending gate can be decided",
                            Map.of("gate", gate.gate()));
                }
            } catch (MlopsBackendException stillDown) {
                if (!stillDown.retryable()) {
                    throw stillDown;
                }
            }
        }
    }

    /** Whether the gate's stage ended as this decision would have it: passed for an approval, aborted otherwise. */
    private boolean wentOurWay(ProjectRecord project, BuildRef build, ApprovalInfo gate, boolean approve) {
        PipelineSpec spec = pipeline(project, gate.pipeline());
        String stageName = spec.stages().stream().filter(s -> s.type() == StageType.APPROVAL
                && s.gate().map(g -> g.name()).orElse(s.name()).equals(gate.gate())).map(s -> s.name())
                .findFirst().orElse(gate.gate());
        StageStatus st = client.stages(build).stream().filter(s -> s.name().equals(stageName)).map(StageInfo::status)
                .findFirst().orElse(StageStatus.NOT_EXECUTED);
        return approve ? st == StageStatus.SUCCESS || st == StageStatus.IN_PROGRESS : st == StageStatus.ABORTED;
    }

}
