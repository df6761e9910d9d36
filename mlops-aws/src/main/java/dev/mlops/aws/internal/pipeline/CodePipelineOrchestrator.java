package dev.mlops.aws.internal.pipeline;

import dev.mlops.ExecutionStatus;
import dev.mlops.GateStatus;
import dev.mlops.LogChunk;
import dev.mlops.StageExecution;
import dev.mlops.aws.AwsService;
import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.aws.internal.AwsComponent;
import dev.mlops.event.ProjectListener;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.ApprovalInfo;
import dev.mlops.spi.ComponentKind;
import dev.mlops.spi.Components;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.GateRef;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.Page;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.Requirement;
import dev.mlops.spi.StartRequest;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.ApprovalGate;
import dev.mlops.template.Capability;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.ActionState;
import software.amazon.awssdk.services.codepipeline.model.ApprovalAlreadyCompletedException;
import software.amazon.awssdk.services.codepipeline.model.ApprovalStatus;
import software.amazon.awssdk.services.codepipeline.model.DuplicatedStopRequestException;
import software.amazon.awssdk.services.codepipeline.model.GetPipelineStateResponse;
import software.amazon.awssdk.services.codepipeline.model.InvalidApprovalTokenException;
import software.amazon.awssdk.services.codepipeline.model.ListActionExecutionsResponse;
import software.amazon.awssdk.services.codepipeline.model.ListPipelineExecutionsResponse;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecution;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionNotStoppableException;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionSummary;
import software.amazon.awssdk.services.codepipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.PipelineVariable;
import software.amazon.awssdk.services.codepipeline.model.PipelineVariableDeclaration;
import software.amazon.awssdk.services.codepipeline.model.StageState;

/**
 * The AWS backend's orchestrator: the project's CodePipeline pipelines, one per pipeline role of its template, named
 * {@code sagemaker-<name>-<id>-<role>} ({@link ProjectRecord#resourceName(String)}) and made by the project's stack.
 *
 * <ul>
 *   <li><b>Stages.</b> Each core stage takes the CodePipeline action of its name (the original deploy pipeline's
 *       {@code TestStaging} and {@code ApproveDeployment} are actions of its {@code DeployStaging} stage), or else the
 *       CodePipeline stage of its name, with the actions no other core stage claims ({@code Build} is
 *       {@code BuildAndExecuteSageMakerPipeline}, {@code DeployStaging} is {@code DeployResourcesStaging}).</li>
 *   <li><b>Starts</b> send the request's idempotency token as {@code clientRequestToken}, and its parameters as
 *       pipeline variables, which the pipeline must declare.</li>
 *   <li><b>Logs</b> of a CodeBuild action are its build's CloudWatch Logs stream, read in chunks of
 *       {@value BuildLogs#EVENTS_PER_CHUNK} events; other stages have a one-line summary once they end.</li>
 *   <li><b>Gates</b> are manual approval actions; {@link GateRef#codePipeline} carries the token CodePipeline issued
 *       for the waiting action (never shown in messages). Decisions are made under the backend's credentials, and
 *       {@code decidedBy} is what CodePipeline recorded.</li>
 *   <li><b>Attach</b> starts only a feed of the project's events in this process ({@link ExecutionFeed}): the work
 *       runs in AWS.</li>
 * </ul>
 *
 * <p>Listings: executions are CodePipeline's pages (newest first); approvals are the approval actions of
 * {@code ListActionExecutions}, newest first within each pipeline, pipeline after pipeline in the template's order.
 * A listed execution costs one {@code ListActionExecutions} call for its stages.
 */
public final class CodePipelineOrchestrator extends AwsComponent implements Orchestrator, AutoCloseable {
    /**
     * What this orchestrator needs from the project store: that the project's provisioning made one CodePipeline
     * pipeline per pipeline role of the template, named {@code sagemaker-<name>-<id>-<role>}, with the original
     * templates' stage and action names.
     */
    public static final Capability PIPELINES_PROVISIONED = dev.mlops.aws.internal.AwsCapabilities.PIPELINES_PROVISIONED;
    /** What it needs from hosted repositories: CodeCommit repositories, which the pipelines' source actions read. */
    public static final Capability CODECOMMIT_REPOSITORIES = dev.mlops.aws.internal.AwsCapabilities.CODECOMMIT_REPOSITORIES;
    /** The kind of this orchestrator's gate references. */
    public static final String GATE_KIND = "codepipeline";
    /** The longest approval summary {@code PutApprovalResult} takes. */
    public static final int MAX_SUMMARY = 512;
    /** The longest stop reason {@code StopPipelineExecution} takes. */
    public static final int MAX_STOP_REASON = 200;

    private static final Logger LOG = LoggerFactory.getLogger(CodePipelineOrchestrator.class);
    private static final Pattern EXECUTION_ID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String SUMMARY_CURSOR = "summary:end";
    /** Pages of history an approval's point read looks through at most. */
    private static final int APPROVAL_SCAN_PAGES = 20;
    private static final int REMEMBERED = 10_000;

    private final BuildLogs logs;
    /** Execution id → pipeline role, for executions seen by this process. */
    private final Map<String, String> roles = new ConcurrentHashMap<>();
    /** Execution id → the reason it was started with here: CodePipeline does not keep it. */
    private final Map<String, String> reasons = new ConcurrentHashMap<>();
    private final Map<String, ExecutionFeed> feeds = new ConcurrentHashMap<>();
    private final Map<String, Integer> attachments = new ConcurrentHashMap<>();

    /**
     * Creates the orchestrator.
     *
     * @param calls the backend's calls
     * @param waits how awaits on it, and its feeds, pace their reads
     */
    public CodePipelineOrchestrator(AwsCalls calls, WaitPolicy waits) {
        super(calls, waits);
        this.logs = new BuildLogs(calls);
    }

    @Override
    public Set<Capability> capabilities() {
        // The build pipeline's CodeBuild action runs the project's SageMaker pipeline.
        return Set.of(Capability.ML_PIPELINES);
    }

    @Override
    public List<Requirement> requirements(Components peers) {
        List<Requirement> out = new ArrayList<>();
        out.add(new Requirement(ComponentKind.PROJECT_STORE, PIPELINES_PROVISIONED,
                "a project store whose provisioning makes the project's CodePipeline pipelines"));
        boolean thirdParty = peers.get(ComponentKind.REPOSITORIES)
                .map(r -> r.capabilities().contains(Capability.THIRD_PARTY_REPOSITORIES)).orElse(false);
        out.add(thirdParty
                ? new Requirement(ComponentKind.REPOSITORIES, Capability.THIRD_PARTY_REPOSITORIES,
                        "repositories its source actions reach through a CodeStar connection")
                : new Requirement(ComponentKind.REPOSITORIES, CODECOMMIT_REPOSITORIES,
                        "CodeCommit repositories, which its source actions read"));
        return out;
    }

    // ---------------------------------------------------------------- attach

    @Override
    public AutoCloseable attach(ProjectRecord project, Components components, ProjectListener listener) {
        ExecutionFeed feed;
        boolean fresh;
        synchronized (this) {
            feed = feeds.get(project.name());
            fresh = feed == null;
            if (fresh) {
                feed = new ExecutionFeed(project, waitPolicy(),
                        (role, page) -> executions(project, role, page).items());
                feeds.put(project.name(), feed);
            }
            if (listener != null) {
                feed.add(listener);
            }
            attachments.merge(project.name(), 1, Integer::sum);
        }
        if (fresh) {
            feed.start();
        }
        ExecutionFeed attached = feed;
        return new AutoCloseable() {
            private boolean done;

            @Override
            public void close() {
                ExecutionFeed stop = null;
                synchronized (CodePipelineOrchestrator.this) {
                    if (done) {
                        return;
                    }
                    done = true;
                    if (listener != null) {
                        attached.remove(listener);
                    }
                    Integer left = attachments.computeIfPresent(project.name(), (k, n) -> n - 1);
                    if (left != null && left <= 0 && feeds.get(project.name()) == attached) {
                        attachments.remove(project.name());
                        feeds.remove(project.name());
                        stop = attached;
                    }
                }
                if (stop != null) {
                    stop.close();
                }
            }
        };
    }

    /** Stops every feed this orchestrator runs. */
    @Override
    public void close() {
        List<ExecutionFeed> all;
        synchronized (this) {
            all = new ArrayList<>(feeds.values());
            feeds.clear();
            attachments.clear();
        }
        all.forEach(ExecutionFeed::close);
    }

    // ---------------------------------------------------------------- start and read

    @Override
    public ExecutionInfo start(ProjectRecord project, String pipeline, StartRequest request) {
        PipelineSpec spec = spec(project, pipeline);
        String name = project.resourceName(spec.role());
        Map<String, String> ctx = Map.of("project", project.name(), "pipeline", name);
        List<PipelineVariable> variables = new ArrayList<>();
        if (!request.parameters().isEmpty()) {
            Set<String> declared = calls.call(AwsService.CODEPIPELINE, "read pipeline " + name, ctx,
                    () -> notFound(name, () -> calls.clients().codePipeline().getPipeline(b -> b.name(name))))
                    .pipeline().variables().stream().map(PipelineVariableDeclaration::name)
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
            for (Map.Entry<String, String> p : new java.util.TreeMap<>(request.parameters()).entrySet()) {
                if (!declared.contains(p.getKey())) {
                    throw new ValidationException("StartRequest.parameters." + p.getKey(), p.getValue(),
                            "a variable that pipeline " + name + " declares (it declares " + (declared.isEmpty()
                                    ? "none" : String.join(", ", declared)) + ")");
                }
                variables.add(PipelineVariable.builder().name(p.getKey()).value(p.getValue()).build());
            }
        }
        Optional<String> token = RequestTokens.clientRequestToken(request.idempotencyToken());
        String id = calls.call(AwsService.CODEPIPELINE, "start pipeline " + name, ctx,
                () -> notFound(name, () -> calls.clients().codePipeline().startPipelineExecution(b -> {
                    b.name(name);
                    token.ifPresent(b::clientRequestToken);
                    if (!variables.isEmpty()) {
                        b.variables(variables);
                    }
                }))).pipelineExecutionId();
        remember(id, spec.role(), request.reason());
        LOG.debug("Started execution {} of pipeline {}", id, name);
        Optional<ExecutionInfo> read = execution(project, spec, id);
        return read.orElseGet(() -> new ExecutionInfo(id, spec.role(), ExecutionStatus.InProgress,
                request.reason(), Optional.empty(), Instant.now(), Optional.empty(),
                StageStates.stages(spec, PipelineExecutionStatus.IN_PROGRESS, List.of())));
    }

    @Override
    public Optional<ExecutionInfo> execution(ProjectRecord project, String executionId) {
        if (executionId == null || !EXECUTION_ID.matcher(executionId).matches()) {
            return Optional.empty();
        }
        for (PipelineSpec spec : candidates(project, executionId)) {
            Optional<ExecutionInfo> e = execution(project, spec, executionId);
            if (e.isPresent()) {
                return e;
            }
        }
        return Optional.empty();
    }

    private Optional<ExecutionInfo> execution(ProjectRecord project, PipelineSpec spec, String executionId) {
        String name = project.resourceName(spec.role());
        Map<String, String> ctx = Map.of("project", project.name(), "pipeline", name, "execution", executionId);
        Optional<PipelineExecution> pe = calls.call(AwsService.CODEPIPELINE, "read execution " + executionId + " of "
                + name, ctx, () -> {
                    try {
                        return Optional.of(calls.clients().codePipeline().getPipelineExecution(b -> b
                                .pipelineName(name).pipelineExecutionId(executionId)).pipelineExecution());
                    } catch (PipelineExecutionNotFoundException | PipelineNotFoundException e) {
                        return Optional.empty();
                    }
                });
        if (pe.isEmpty()) {
            return Optional.empty();
        }
        roles.put(executionId, spec.role());
        PipelineExecution x = pe.get();
        List<ActionRun> runs = runs(name, executionId, ctx);
        List<StageExecution> stages = StageStates.stages(spec, x.status(), runs);
        ExecutionStatus status = StageStates.execution(x.status(), stages);
        Optional<Instant> first = runs.stream().map(ActionRun::startedAt).flatMap(Optional::stream)
                .min(Comparator.naturalOrder());
        Optional<Instant> last = runs.stream().map(r -> r.updatedAt().or(r::startedAt)).flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
        Instant startedAt;
        Optional<Instant> endedAt = Optional.empty();
        if (first.isPresent() && (!status.isTerminal() || last.isPresent())) {
            startedAt = first.get();
            endedAt = status.isTerminal() ? last : Optional.empty();
        } else {
            // No action has run: the times are in the execution's summary.
            Optional<PipelineExecutionSummary> summary = summary(name, executionId, ctx);
            startedAt = summary.map(PipelineExecutionSummary::startTime).orElse(Instant.now());
            endedAt = status.isTerminal() ? summary.map(PipelineExecutionSummary::lastUpdateTime) : Optional.empty();
        }
        Optional<String> commit = x.hasArtifactRevisions() && !x.artifactRevisions().isEmpty()
                ? Optional.ofNullable(x.artifactRevisions().get(0).revisionId()) : Optional.empty();
        String trigger = reasons.getOrDefault(executionId, x.trigger() == null ? "unknown"
                : trigger(x.trigger().triggerTypeAsString(), x.trigger().triggerDetail()));
        return Optional.of(new ExecutionInfo(executionId, spec.role(), status, trigger, commit, startedAt, endedAt,
                stages));
    }

    @Override
    public Page<ExecutionInfo> executions(ProjectRecord project, String pipeline, PageRequest page) {
        PipelineSpec spec = spec(project, pipeline);
        String name = project.resourceName(spec.role());
        PageTokens.Position at = PageTokens.decode("PageRequest.token", page.token());
        Map<String, String> ctx = Map.of("project", project.name(), "pipeline", name);
        ListPipelineExecutionsResponse r = calls.call(AwsService.CODEPIPELINE, "list the executions of " + name, ctx,
                () -> {
                    try {
                        return calls.clients().codePipeline().listPipelineExecutions(b -> {
                            b.pipelineName(name).maxResults(Math.min(100, page.limit()));
                            at.serviceToken().ifPresent(b::nextToken);
                        });
                    } catch (PipelineNotFoundException e) {
                        return null;
                    }
                });
        if (r == null) {
            return Page.last(List.of());
        }
        List<ExecutionInfo> out = new ArrayList<>();
        for (PipelineExecutionSummary s : r.pipelineExecutionSummaries()) {
            if (out.size() >= page.limit()) {
                break;
            }
            String id = s.pipelineExecutionId();
            roles.put(id, spec.role());
            List<ActionRun> runs = runs(name, id, ctx);
            List<StageExecution> stages = StageStates.stages(spec, s.status(), runs);
            ExecutionStatus status = StageStates.execution(s.status(), stages);
            Optional<String> commit = s.hasSourceRevisions() && !s.sourceRevisions().isEmpty()
                    ? Optional.ofNullable(s.sourceRevisions().get(0).revisionId()) : Optional.empty();
            Optional<Instant> last = runs.stream().map(x -> x.updatedAt().or(x::startedAt)).flatMap(Optional::stream)
                    .max(Comparator.naturalOrder());
            Optional<Instant> endedAt = !status.isTerminal() ? Optional.empty()
                    : last.isPresent() ? last : Optional.ofNullable(s.lastUpdateTime());
            Instant startedAt = runs.stream().map(ActionRun::startedAt).flatMap(Optional::stream)
                    .min(Comparator.naturalOrder()).orElse(s.startTime() == null ? Instant.now() : s.startTime());
            String trigger = reasons.getOrDefault(id, s.trigger() == null ? "unknown"
                    : trigger(s.trigger().triggerTypeAsString(), s.trigger().triggerDetail()));
            out.add(new ExecutionInfo(id, spec.role(), status, trigger, commit, startedAt, endedAt, stages));
        }
        Optional<String> next = r.nextToken() == null || r.nextToken().isEmpty() ? Optional.empty()
                : Optional.of(PageTokens.encode(0, r.nextToken(), 0));
        return new Page<>(out, next);
    }

    // ---------------------------------------------------------------- logs

    @Override
    public LogChunk log(ProjectRecord project, String executionId, String stage, String cursor) {
        if (cursor == null) {
            throw new ValidationException("log cursor", null, "LogChunk.START or the next() of the chunk before");
        }
        Located at = locate(project, executionId);
        Stage core = at.spec.stages().stream().filter(s -> s.name().equals(stage)).findFirst()
                .orElseThrow(() -> new NotFoundException("stage", stage, "pipeline " + at.spec.role() + " has stages "
                        + at.spec.stages().stream().map(Stage::name).toList()));
        Map<String, String> ctx = Map.of("project", project.name(), "pipeline", at.name, "execution", executionId,
                "stage", stage);
        List<ActionRun> runs = runs(at.name, executionId, ctx);
        Optional<ActionRun> build = StageStates.runsOf(at.spec, stage, runs).stream()
                .filter(r -> r.isCodeBuild() && r.externalExecutionId().isPresent())
                .max(Comparator.comparing(r -> r.startedAt().orElse(Instant.EPOCH)));
        if (build.isPresent()) {
            return logs.read(build.get().externalExecutionId().get(), build.get().ended(), cursor, ctx);
        }
        StageExecution s = at.info.stages().stream().filter(x -> x.name().equals(core.name())).findFirst()
                .orElseThrow();
        if (!cursor.equals(LogChunk.START) && !cursor.equals(SUMMARY_CURSOR)) {
            throw new ValidationException("log cursor", "(" + cursor.length() + " characters)",
                    "LogChunk.START or the next() of a chunk of stage " + stage + "'s log");
        }
        boolean ended = s.status().isTerminal();
        if (!ended || cursor.equals(SUMMARY_CURSOR)) {
            return new LogChunk("", cursor, ended);
        }
        return new LogChunk(s.name() + ": " + s.status() + ": " + s.summary() + "\n", SUMMARY_CURSOR, true);
    }

    // ---------------------------------------------------------------- stop

    @Override
    public void stop(ProjectRecord project, String executionId, String reason) {
        if (reason != null && reason.length() > MAX_STOP_REASON) {
            throw new ValidationException("stop reason", "(" + reason.length() + " characters)",
                    "at most " + MAX_STOP_REASON + " characters, StopPipelineExecution's limit");
        }
        Located at = locate(project, executionId);
        if (at.info.status().isTerminal()) {
            throw new IllegalStateTransitionException("Execution " + executionId + " of pipeline " + at.name
                    + " has ended " + at.info.status() + ": there is nothing to stop",
                    Map.of("execution", executionId, "status", at.info.status().name()));
        }
        Map<String, String> ctx = Map.of("project", project.name(), "pipeline", at.name, "execution", executionId);
        // Abandon only a wait at a gate: running builds are let finish, so that nothing is cut off half-way.
        List<ActionRun> running = runs(at.name, executionId, ctx).stream().filter(r -> !r.ended()).toList();
        boolean abandon = !running.isEmpty() && running.stream().allMatch(ActionRun::isApproval);
        calls.call(AwsService.CODEPIPELINE, "stop execution " + executionId + " of " + at.name, ctx, () -> {
            try {
                return calls.clients().codePipeline().stopPipelineExecution(b -> b.pipelineName(at.name)
                        .pipelineExecutionId(executionId).abandon(abandon).reason(reason));
            } catch (PipelineExecutionNotStoppableException | DuplicatedStopRequestException e) {
                throw new IllegalStateTransitionException("Execution " + executionId + " of pipeline " + at.name
                        + " cannot be stopped now: " + e.awsErrorDetails().errorMessage(),
                        Map.of("execution", executionId, "errorCode", e.awsErrorDetails().errorCode()));
            }
        });
        LOG.debug("Stopped execution {} of {} (abandon={})", executionId, at.name, abandon);
    }

    // ---------------------------------------------------------------- gates

    @Override
    public Page<ApprovalInfo> approvals(ProjectRecord project, PageRequest page) {
        List<PipelineSpec> gated = gated(project);
        PageTokens.Position at = PageTokens.decode("PageRequest.token", page.token());
        if (at.pipeline() >= gated.size()) {
            if (gated.isEmpty() && page.token().isEmpty()) {
                return Page.last(List.of());
            }
            throw new ValidationException("PageRequest.token", "(a token of another project)",
                    "the nextToken of a page of this project's approvals");
        }
        PipelineSpec spec = gated.get(at.pipeline());
        ApprovalPage p = approvalPage(project, spec, at.serviceToken());
        List<ApprovalInfo> items = p.items.subList(Math.min(at.skip(), p.items.size()), p.items.size());
        if (items.size() > page.limit()) {
            return new Page<>(items.subList(0, page.limit()),
                    Optional.of(PageTokens.encode(at.pipeline(), at.serviceToken().orElse(null),
                            at.skip() + page.limit())));
        }
        Optional<String> next = p.next.isPresent() ? Optional.of(PageTokens.encode(at.pipeline(), p.next.get(), 0))
                : at.pipeline() + 1 < gated.size() ? Optional.of(PageTokens.encode(at.pipeline() + 1, null, 0))
                : Optional.empty();
        return new Page<>(items, next);
    }

    @Override
    public Optional<ApprovalInfo> approval(ProjectRecord project, GateRef ref) {
        checkKind(ref);
        String pipeline = ref.field("pipeline");
        Optional<PipelineSpec> spec = gated(project).stream()
                .filter(s -> project.resourceName(s.role()).equals(pipeline)).findFirst();
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> serviceToken = Optional.empty();
        for (int i = 0; i < APPROVAL_SCAN_PAGES; i++) {
            ApprovalPage p = approvalPage(project, spec.get(), serviceToken);
            Optional<ApprovalInfo> hit = p.items.stream().filter(a -> a.ref().equals(ref)).findFirst();
            if (hit.isPresent() || p.next.isEmpty()) {
                return hit;
            }
            serviceToken = p.next;
        }
        return Optional.empty();
    }

    @Override
    public ApprovalInfo decide(ProjectRecord project, GateRef ref, boolean approve, String comment) {
        checkKind(ref);
        String summary = comment == null ? "" : comment;
        if (summary.length() > MAX_SUMMARY) {
            throw new ValidationException("comment", "(" + summary.length() + " characters)",
                    "at most " + MAX_SUMMARY + " characters, the limit of CodePipeline's approval summary");
        }
        String gate = describe(ref);
        ApprovalInfo now = approval(project, ref).orElseThrow(() -> new NotFoundException("gate", gate,
                "project " + project.name() + " has no such approval: the execution or its action is gone, or the"
                        + " reference is of another project"));
        if (now.status() != GateStatus.Pending) {
            throw new IllegalStateTransitionException("Gate " + gate + " of execution " + now.executionId() + " is "
                    + now.status() + ", not Pending" + now.decidedBy().map(u -> " (decided by " + u + ")").orElse(""),
                    Map.of("gate", gate, "execution", now.executionId(), "status", now.status().name()));
        }
        Map<String, String> ctx = Map.of("project", project.name(), "gate", gate, "execution", now.executionId());
        calls.call(AwsService.CODEPIPELINE, (approve ? "approve" : "reject") + " gate " + gate, ctx, () -> {
            try {
                return calls.clients().codePipeline().putApprovalResult(b -> b.pipelineName(ref.field("pipeline"))
                        .stageName(ref.field("stage")).actionName(ref.field("action")).token(ref.field("token"))
                        .result(r -> r.summary(summary).status(approve ? ApprovalStatus.APPROVED
                                : ApprovalStatus.REJECTED)));
            } catch (ApprovalAlreadyCompletedException e) {
                throw new IllegalStateTransitionException("Gate " + gate + " of execution " + now.executionId()
                        + " was decided by someone else in the meantime; read it again to see the decision",
                        Map.of("gate", gate, "execution", now.executionId()));
            } catch (InvalidApprovalTokenException e) {
                throw new ConflictException("Gate " + gate + " of execution " + now.executionId() + " can no longer be"
                        + " decided with this reference: CodePipeline no longer accepts its token (the approval"
                        + " expired, or the execution moved on or was stopped); read the project's gates again",
                        List.of("the approval's token is no longer valid"), ctx);
            }
        });
        LOG.debug("Decided gate {} of execution {}: {}", gate, now.executionId(), approve ? "approved" : "rejected");
        GateStatus decided = approve ? GateStatus.Approved : GateStatus.Rejected;
        return approval(project, ref).filter(a -> a.status() == decided)
                .orElseGet(() -> new ApprovalInfo(now.ref(), now.gate(), now.pipeline(), now.executionId(),
                        now.message(), decided, now.createdAt(), now.modelArn(), Optional.empty(),
                        Optional.of(summary)));
    }

    // ---------------------------------------------------------------- helpers

    private static void checkKind(GateRef ref) {
        if (ref == null || !ref.kind().equals(GATE_KIND)) {
            throw new ValidationException("Gate.id", ref == null ? null : ref.toString(), "a gate of a CodePipeline"
                    + " orchestrator" + (ref == null ? "" : "; this one belongs to a " + ref.kind() + " orchestrator"));
        }
    }

    /** A gate in messages: pipeline, stage and action, never the token. */
    private static String describe(GateRef ref) {
        return ref.field("pipeline") + "/" + ref.field("stage") + "/" + ref.field("action");
    }

    private record ApprovalPage(List<ApprovalInfo> items, Optional<String> next) {
    }

    /** One service page of a pipeline's action executions, reduced to its approvals. */
    private ApprovalPage approvalPage(ProjectRecord project, PipelineSpec spec, Optional<String> serviceToken) {
        String name = project.resourceName(spec.role());
        Map<String, String> ctx = Map.of("project", project.name(), "pipeline", name);
        ListActionExecutionsResponse r = calls.call(AwsService.CODEPIPELINE, "list the approvals of " + name, ctx,
                () -> {
                    try {
                        return calls.clients().codePipeline().listActionExecutions(b -> {
                            b.pipelineName(name).maxResults(100);
                            serviceToken.ifPresent(b::nextToken);
                        });
                    } catch (PipelineNotFoundException e) {
                        return null;
                    }
                });
        if (r == null) {
            return new ApprovalPage(List.of(), Optional.empty());
        }
        List<ActionRun> all = r.actionExecutionDetails().stream().map(ActionRun::of).toList();
        List<ActionRun> approvals = all.stream().filter(ActionRun::isApproval).toList();
        Map<String, String> pendingTokens = approvals.stream().anyMatch(a -> !a.ended()
                && a.externalExecutionId().isEmpty()) ? pendingTokens(name, ctx) : Map.of();
        List<ApprovalInfo> items = new ArrayList<>();
        for (ActionRun a : approvals) {
            Optional<String> token = a.externalExecutionId().or(() -> Optional.ofNullable(
                    pendingTokens.get(a.actionExecutionId())));
            if (token.isEmpty()) {
                LOG.debug("Approval {} of {} has no token to read; left out", a.actionExecutionId(), name);
                continue;
            }
            GateStatus status = switch (a.status()) {
                case IN_PROGRESS -> GateStatus.Pending;
                case SUCCEEDED -> GateStatus.Approved;
                // A failed approval nobody decided timed out.
                case FAILED -> a.updatedBy().isPresent() ? GateStatus.Rejected : GateStatus.Expired;
                default -> GateStatus.Expired;
            };
            boolean decided = status == GateStatus.Approved || status == GateStatus.Rejected;
            String message = Optional.ofNullable(a.configuration().get("CustomData")).filter(s -> !s.isBlank())
                    .orElseGet(() -> spec.stages().stream().filter(s -> s.name().equals(a.action()))
                            .flatMap(s -> s.gate().stream()).map(ApprovalGate::message).findFirst()
                            .orElse("Approve " + a.action()));
            Optional<String> modelArn = modelArn(all, a.executionId());
            items.add(new ApprovalInfo(GateRef.codePipeline(name, a.stage(), a.action(), token.get()), a.action(),
                    spec.role(), a.executionId(), message, status, a.startedAt().orElse(Instant.EPOCH), modelArn,
                    decided ? a.updatedBy() : Optional.empty(), decided ? a.summary().or(() -> Optional.of(""))
                            : Optional.empty()));
        }
        Optional<String> next = r.nextToken() == null || r.nextToken().isEmpty() ? Optional.empty()
                : Optional.of(r.nextToken());
        return new ApprovalPage(items, next);
    }

    /** The model version an execution deploys, if one of its actions exported it. */
    private static Optional<String> modelArn(List<ActionRun> runs, String executionId) {
        return runs.stream().filter(r -> r.executionId().equals(executionId))
                .map(r -> r.outputVariables().getOrDefault("ModelPackageArn",
                        r.outputVariables().get("MODEL_PACKAGE_ARN")))
                .filter(v -> v != null && !v.isBlank()).findFirst();
    }

    /** Action execution id → token of the waiting approvals, from {@code GetPipelineState}. */
    private Map<String, String> pendingTokens(String name, Map<String, String> ctx) {
        GetPipelineStateResponse state = calls.call(AwsService.CODEPIPELINE, "read the state of " + name, ctx,
                () -> calls.clients().codePipeline().getPipelineState(b -> b.name(name)));
        Map<String, String> out = new LinkedHashMap<>();
        for (StageState s : state.stageStates()) {
            for (ActionState a : s.actionStates()) {
                var latest = a.latestExecution();
                if (latest != null && latest.status() == ActionExecutionStatus.IN_PROGRESS && latest.token() != null
                        && latest.actionExecutionId() != null) {
                    out.put(latest.actionExecutionId(), latest.token());
                }
            }
        }
        return out;
    }

    private List<ActionRun> runs(String name, String executionId, Map<String, String> ctx) {
        List<ActionRun> out = new ArrayList<>();
        String[] token = {null};
        do {
            ListActionExecutionsResponse r = calls.call(AwsService.CODEPIPELINE, "list the actions of execution "
                    + executionId + " of " + name, ctx, () -> calls.clients().codePipeline().listActionExecutions(b -> {
                        b.pipelineName(name).maxResults(100).filter(f -> f.pipelineExecutionId(executionId));
                        if (token[0] != null) {
                            b.nextToken(token[0]);
                        }
                    }));
            for (ActionExecutionDetail d : r.actionExecutionDetails()) {
                out.add(ActionRun.of(d));
            }
            token[0] = r.nextToken() == null || r.nextToken().isEmpty() ? null : r.nextToken();
        } while (token[0] != null);
        return out;
    }

    private Optional<PipelineExecutionSummary> summary(String name, String executionId, Map<String, String> ctx) {
        String token = null;
        for (int i = 0; i < 5; i++) {
            String at = token;
            ListPipelineExecutionsResponse r = calls.call(AwsService.CODEPIPELINE, "list the executions of " + name,
                    ctx, () -> calls.clients().codePipeline().listPipelineExecutions(b -> {
                        b.pipelineName(name).maxResults(100);
                        if (at != null) {
                            b.nextToken(at);
                        }
                    }));
            Optional<PipelineExecutionSummary> hit = r.pipelineExecutionSummaries().stream()
                    .filter(s -> executionId.equals(s.pipelineExecutionId())).findFirst();
            if (hit.isPresent() || r.nextToken() == null) {
                return hit;
            }
            token = r.nextToken();
        }
        return Optional.empty();
    }

    private record Located(PipelineSpec spec, String name, ExecutionInfo info) {
    }

    private Located locate(ProjectRecord project, String executionId) {
        ExecutionInfo info = execution(project, executionId).orElseThrow(() -> new NotFoundException("execution",
                String.valueOf(executionId), "no pipeline of project " + project.name() + " has it"));
        PipelineSpec spec = spec(project, info.pipeline());
        return new Located(spec, project.resourceName(spec.role()), info);
    }

    /** The pipelines to look for an execution in: the one it was seen in first, else all. */
    private List<PipelineSpec> candidates(ProjectRecord project, String executionId) {
        List<PipelineSpec> all = new ArrayList<>(project.template().pipelines());
        String known = roles.get(executionId);
        if (known != null) {
            all.sort(Comparator.comparing(s -> s.role().equals(known) ? 0 : 1));
        }
        return all;
    }

    private static List<PipelineSpec> gated(ProjectRecord project) {
        return project.template().pipelines().stream()
                .filter(p -> p.stages().stream().anyMatch(s -> s.type() == StageType.APPROVAL)).toList();
    }

    private static PipelineSpec spec(ProjectRecord project, String role) {
        return project.template().pipelines().stream().filter(p -> p.role().equals(role)).findFirst()
                .orElseThrow(() -> new NotFoundException("pipeline", role, "template " + project.template().id()
                        + " of project " + project.name() + " has the pipelines " + project.template().pipelines()
                                .stream().map(PipelineSpec::role).toList()));
    }

    private void remember(String executionId, String role, String reason) {
        if (reasons.size() > REMEMBERED) {
            reasons.clear();
            roles.clear();
        }
        roles.put(executionId, role);
        reasons.put(executionId, reason);
    }

    private static String trigger(String type, String detail) {
        return detail == null || detail.isBlank() ? String.valueOf(type) : type + " (" + detail + ")";
    }

    private static <T> T notFound(String pipeline, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (PipelineNotFoundException e) {
            throw new NotFoundException("pipeline", pipeline, "it is not in CodePipeline: the project's stack has not"
                    + " made it (yet), or it was deleted");
        }
    }
}
