package dev.mlops.internal;

import dev.mlops.ExecutionStatus;
import dev.mlops.GateStatus;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ProjectStatus;
import dev.mlops.StageExecution;
import dev.mlops.spi.Components;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.PipelineSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a {@link ProjectStatus}: one read per pipeline and environment, one page of approvals and two registry reads,
 * whatever the project's history, so that the cost of a status view is known in advance.
 */
final class StatusView {
    private StatusView() {
    }

    static ProjectStatus read(ProjectContext ctx) {
        Instant at = Instant.now();
        Components c = ctx.components();
        ProjectRecord record = ctx.record();
        List<ProjectStatus.PipelineState> pipelines = new ArrayList<>();
        for (PipelineSpec spec : record.template().pipelines()) {
            Optional<ExecutionInfo> latest = c.orchestrator().latest(record, spec.role());
            pipelines.add(new ProjectStatus.PipelineState(spec.role(), latest.map(ExecutionInfo::id),
                    latest.map(ExecutionInfo::status), latest.flatMap(StatusView::currentStage)));
        }
        List<ProjectStatus.PendingGate> gates = new ArrayList<>();
        c.orchestrator().approvals(record, PageRequest.first()).items().stream()
                .filter(a -> a.status() == GateStatus.Pending)
                .forEach(a -> gates.add(new ProjectStatus.PendingGate(a.pipeline(), a.gate(), a.executionId(), a.modelArn())));
        String group = ctx.modelGroup();
        Optional<ProjectStatus.ModelState> newest = c.registry().versions(group, PageRequest.first(1)).items().stream()
                .findFirst().map(StatusView::model);
        Optional<ProjectStatus.ModelState> approved = newest.isPresent() && newest.get().status() == ModelApprovalStatus.Approved
                ? newest
                : c.registry().latest(group, ModelApprovalStatus.Approved).map(StatusView::model);
        List<ProjectStatus.EnvironmentState> environments = new ArrayList<>();
        for (String env : record.template().environments()) {
            String endpoint = record.endpointName(env);
            environments.add(c.endpoints().describe(record, endpoint)
                    .map(i -> new ProjectStatus.EnvironmentState(env, endpoint, i.status(), i.modelArn()))
                    .orElse(new ProjectStatus.EnvironmentState(env, endpoint, "None", Optional.empty())));
        }
        return new ProjectStatus(record.name(), c.orchestrator().backend(), pipelines, gates, newest, approved, environments,
                at);
    }

    private static ProjectStatus.ModelState model(ModelVersionInfo v) {
        return new ProjectStatus.ModelState(v.version(), v.status(), v.arn());
    }

    private static Optional<String> currentStage(ExecutionInfo e) {
        String last = null;
        for (StageExecution s : e.stages()) {
            if (s.status() == ExecutionStatus.InProgress || s.status() == ExecutionStatus.WaitingForApproval
                    || s.status() == ExecutionStatus.Failed || s.status() == ExecutionStatus.Stopped) {
                return Optional.of(s.name());
            }
            if (s.status() != ExecutionStatus.Queued && s.status() != ExecutionStatus.Skipped) {
                last = s.name();
            }
        }
        return Optional.ofNullable(last);
    }
}
