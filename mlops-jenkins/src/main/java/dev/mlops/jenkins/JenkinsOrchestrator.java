package dev.mlops.jenkins;

import dev.mlops.LogChunk;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.jenkins.internal.BuildFeed;
import dev.mlops.jenkins.internal.BuildViews;
import dev.mlops.jenkins.internal.ExecutionIds;
import dev.mlops.jenkins.internal.GateNotes;
import dev.mlops.jenkins.internal.Jenkinsfile;
import dev.mlops.event.ProjectListener;
import dev.mlops.spi.ApprovalInfo;
import dev.mlops.spi.Components;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.GateRef;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.Page;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RepositoryInfo;
import dev.mlops.spi.StartRequest;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Capability;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.StageType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Orchestrator} that runs a project's pipelines on Jenkins: one folder per project, one pipeline job per
 * template pipeline (an inline Jenkinsfile rendered from the stages, or the repository's own Jenkinsfile), builds
 * triggered with {@code buildWithParameters} and followed from queue item to build, stages from the Stage View API,
 * gates as {@code input} steps, logs from {@code progressiveText}. Made by {@link Jenkins#orchestrator()}.
 *
 * <p>Every build carries the execution id in its {@code MLOPS_EXECUTION_ID} parameter: a start repeated after a lost
 * answer finds the build it made instead of queueing another (and Jenkins itself merges a queued item with the
 * same parameters). Thread-safe; the API token never reaches a log, a message or {@link #toString()}.
 */
public final class JenkinsOrchestrator implements Orchestrator {
    private static final Logger LOG = LoggerFactory.getLogger(JenkinsOrchestrator.class);

    private final JenkinsClient client;
    private final String user;
    private final JobPath base;
    private final WaitPolicy waitPolicy;
    private final String credentialsId;
    private final boolean fromRepository;
    private final String sdkClasspath;
    private final Duration startTimeout;
    private final Map<String, Components> compositions = new ConcurrentHashMap<>();
    private final Map<String, Attached> attached = new ConcurrentHashMap<>();

    private static final class Attached {
        final BuildFeed feed;
        final Optional<dev.mlops.jenkins.internal.ApprovalFollower> approvals;
        int handles;

        Attached(BuildFeed feed, Optional<dev.mlops.jenkins.internal.ApprovalFollower> approvals) {
            this.feed = feed;
            this.approvals = approvals;
        }

        void close() {
            feed.close();
            approvals.ifPresent(dev.mlops.jenkins.internal.ApprovalFollower::close);
        }
    }

    JenkinsOrchestrator(JenkinsClient client, String user, JobPath base, WaitPolicy waitPolicy, String credentialsId,
            boolean fromRepository, String sdkClasspath, Duration startTimeout) {
        this.client = client;
        this.user = user;
        this.base = base;
        this.waitPolicy = waitPolicy;
        this.credentialsId = credentialsId;
        this.fromRepository = fromRepository;
        this.sdkClasspath = sdkClasspath;
        this.startTimeout = startTimeout;
    }

    @Override
    public String backend() {
        return "jenkins";
    }

    /**
     * {@link Capability#JENKINS}, and {@link Capability#ML_PIPELINES} when the SDK's jars are on the agents (the
     * model-build stage then runs the SageMaker pipeline with {@code dev.mlops.aws.build.RunPipeline}).
     *
     * @return the capabilities
     */
    @Override
    public Set<Capability> capabilities() {
        return sdkClasspath.isEmpty() ? Set.of(Capability.JENKINS) : Set.of(Capability.JENKINS, Capability.ML_PIPELINES);
    }

    @Override
    public WaitPolicy waitPolicy() {
        return waitPolicy;
    }

    /**
     * The Jenkins folder of a project: {@code [<folder>/]<name>-<id>}.
     *
     * @param project the project
     * @return its folder
     */
    public JobPath folderOf(ProjectRecord project) {
        return base == null ? JobPath.of(project.nameId()) : base.child(project.nameId());
    }

    /**
     * The job of a project's pipeline.
     *
     * @param project the project
     * @param pipeline the pipeline's role
     * @return the job's path
     */
    public JobPath jobOf(ProjectRecord project, String pipeline) {
        return folderOf(project).child(pipeline);
    }

    /**
     * The URL that triggers a pipeline's job: what the model-approval route's API destination calls
     * ({@code dev.mlops.aws.cfn.JenkinsApprovalRoute} in mlops-aws).
     *
     * @param project the project
     * @param pipeline the pipeline's role, e.g. {@code modeldeploy}
     * @return {@code <root>job/…/job/<pipeline>/buildWithParameters}
     */
    public java.net.URI triggerUrl(ProjectRecord project, String pipeline) {
        pipeline(project, pipeline);
        return client.root().resolve(jobOf(project, pipeline).urlPath() + "buildWithParameters");
    }

    // ---------------------------------------------------------------- provisioning

    /** Makes the project's folder and one job per pipeline, or updates the jobs whose config.xml differs. */
    @Override
    public void provision(ProjectRecord project, Components components) {
        if (components != null) {
            compositions.put(project.id(), components);
        }
        client.ensureFolder(folderOf(project), "mlops-projects project " + project.name() + " (" + project.id() + ")");
        for (PipelineSpec spec : project.template().pipelines()) {
            EnsureOutcome o = client.ensurePipelineJob(jobOf(project, spec.role()), jobSpec(project, spec, components));
            LOG.debug("Jenkins job {} of project {}: {}", spec.role(), project.name(), o);
        }
    }

    private PipelineJobSpec jobSpec(ProjectRecord project, PipelineSpec spec, Components components) {
        RepositorySpec repo = project.template().repository(spec.sourceRepository()).orElseThrow(() ->
                new ValidationException("PipelineSpec.sourceRepository", spec.sourceRepository(),
                        "a repository of the template"));
        String cloneUrl = cloneUrl(project, repo, components);
        PipelineJobSpec.Builder b = PipelineJobSpec.builder()
                .description("Pipeline " + spec.role() + " of mlops-projects project " + project.name()
                        + "; made by the SDK, which overwrites edits");
        Jenkinsfile.PARAMETERS.forEach(p -> b.parameter(p, ""));
        if (fromRepository) {
            return b.scm(new ScmJenkinsfile(cloneUrl, repo.branch(), credentialsId, "Jenkinsfile")).build();
        }
        return b.script(Jenkinsfile.render(project, spec, cloneUrl, repo.branch(), credentialsId, sdkClasspath))
                .build();
    }

    private static String cloneUrl(ProjectRecord project, RepositorySpec repo, Components components) {
        if (components != null) {
            for (RepositoryInfo r : components.repositories().list(project)) {
                if (r.role().equals(repo.role()) && r.cloneUri() != null) {
                    return r.cloneUri().toString();
                }
            }
        }
        throw new ValidationException("Repository " + repo.role(), null,
                "a repository with a clone URL Jenkins can reach, provisioned before the Jenkins jobs");
    }

    @Override
    public void deleteProject(ProjectRecord project) {
        compositions.remove(project.id());
        Attached a = attached.remove(project.id());
        if (a != null) {
            a.close();
        }
        client.delete(folderOf(project));
    }

    // ---------------------------------------------------------------- attach

    @Override
    public AutoCloseable attach(ProjectRecord project, Components components, ProjectListener listener) {
        if (components != null) {
            compositions.put(project.id(), components);
        }
        Attached a;
        synchronized (attached) {
            a = attached.computeIfAbsent(project.id(), id -> new Attached(new BuildFeed(project, waitPolicy,
                    role -> executions(project, role, PageRequest.first(5)).items()), approvalsRoute(project)));
            a.handles++;
        }
        if (listener != null) {
            a.feed.add(listener);
        }
        Attached mine = a;
        return new AutoCloseable() {
            private boolean closed;

            @Override
            public void close() {
                synchronized (attached) {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    if (listener != null) {
                        mine.feed.remove(listener);
                    }
                    if (--mine.handles == 0 && attached.remove(project.id(), mine)) {
                        mine.close();
                    }
                }
            }
        };
    }

    /**
     * Follows the registry's approval events in this process when the registry offers them and a pipeline is
     * triggered on approval changes; otherwise the EventBridge route carries approvals (or nothing does, and the
     * deploy pipeline is started by hand), which the debug log says.
     */
    private Optional<dev.mlops.jenkins.internal.ApprovalFollower> approvalsRoute(ProjectRecord project) {
        Components c = compositions.get(project.id());
        if (c == null || !c.registry().capabilities().contains(Capability.MODEL_APPROVAL_EVENTS)) {
            LOG.debug("project {}: the registry reports no approval events here; approvals reach Jenkins through the"
                    + " EventBridge route (JenkinsApprovalRoute) if it is deployed", project.name());
            return Optional.empty();
        }
        String own = project.template().parameterValues().getOrDefault("SourceModelPackageGroupName", "");
        String group = own.isEmpty() ? project.nameId() : own;
        return dev.mlops.jenkins.internal.ApprovalFollower.follow(project, c.registry(), group, waitPolicy,
                (spec, request) -> start(project, spec.role(), request));
    }

    // ---------------------------------------------------------------- executions

    private PipelineSpec pipeline(ProjectRecord project, String role) {
        return project.template().pipeline(role).orElseThrow(() -> new NotFoundException("pipeline", role,
                "project " + project.name() + " has " + project.template().pipelines().stream()
                        .map(PipelineSpec::role).toList()));
    }

    @Override
    public ExecutionInfo start(ProjectRecord project, String pipeline, StartRequest request) {
        if (request == null) {
            throw new ValidationException("Orchestrator.start.request", null, "a start request");
        }
        PipelineSpec spec = pipeline(project, pipeline);
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, String> p : request.parameters().entrySet()) {
            if (!Jenkinsfile.PARAMETERS.contains(p.getKey()) || p.getKey().startsWith("MLOPS_")) {
                throw new ValidationException("StartRequest.parameters", p.getKey(), "one of the parameters the"
                        + " Jenkins jobs declare: " + Jenkinsfile.MODEL_PACKAGE_ARN);
            }
            params.put(p.getKey(), p.getValue());
        }
        // Without a token of the caller's, one of ours still makes a trigger repeated after a lost answer safe.
        String token = request.idempotencyToken().orElseGet(() -> "mlops-" + UUID.randomUUID());
        params.put(Jenkinsfile.EXECUTION_ID, token);
        params.put(Jenkinsfile.REASON, request.reason());
        params.put(Jenkinsfile.SOURCE_COMMIT, headCommit(project, spec).orElse(""));
        JobPath job = jobOf(project, pipeline);
        Optional<BuildDetails> known = byToken(job, token);
        if (known.isPresent()) {
            return view(project, spec, known.get());
        }
        QueueItemRef item = triggerOnce(job, token, params);
        if (item == null) {
            // A lost answer whose build has already started.
            return view(project, spec, byToken(job, token).orElseThrow());
        }
        BuildRef build = client.awaitBuild(item, startTimeout);
        BuildDetails details = client.build(build).orElseThrow(() -> new MlopsBackendException("Jenkins build "
                + build + " vanished right after it started", null, Map.of("backend", "jenkins"), true));
        return view(project, spec, details);
    }

    /** Triggers unless a build with the token exists; on a transient failure looks again before triggering again. */
    private QueueItemRef triggerOnce(JobPath job, String token, Map<String, String> params) {
        WaitPolicy.Pacer pacer = waitPolicy.begin();
        long deadline = waitPolicy.ticker().nanoTime() + startTimeout.toNanos();
        while (true) {
            try {
                return client.trigger(job, params);
            } catch (MlopsBackendException e) {
                if (!e.retryable() || waitPolicy.ticker().nanoTime() >= deadline) {
                    throw e;
                }
                LOG.debug("triggering {} failed transiently; looking for build {} before triggering again", job,
                        token, e);
                try {
                    pacer.pause(pacer.mark(), deadline);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                try {
                    if (byToken(job, token).isPresent()) {
                        return null;
                    }
                } catch (MlopsBackendException stillDown) {
                    if (!stillDown.retryable()) {
                        throw stillDown;
                    }
                }
                // Queued but not started: Jenkins answers the same trigger with the same queue item.
            }
        }
    }

    private Optional<BuildDetails> byToken(JobPath job, String token) {
        return client.builds(job).stream()
                .filter(b -> token.equals(b.parameters().get(Jenkinsfile.EXECUTION_ID))).findFirst();
    }

    private Optional<String> headCommit(ProjectRecord project, PipelineSpec spec) {
        Components c = compositions.get(project.id());
        if (c == null) {
            return Optional.empty();   // the job then builds its branch's head, and the build records no commit
        }
        return c.repositories().list(project).stream().filter(r -> r.role().equals(spec.sourceRepository()))
                .map(RepositoryInfo::headCommit).filter(h -> h != null && !h.isEmpty()).findFirst();
    }

    private ExecutionInfo view(ProjectRecord project, PipelineSpec spec, BuildDetails build) {
        List<StageInfo> stages;
        try {
            stages = client.stages(build.build());
        } catch (NotFoundException gone) {
            stages = List.of();
        }
        return BuildViews.execution(project, spec, build, stages);
    }

    @Override
    public Optional<ExecutionInfo> execution(ProjectRecord project, String executionId) {
        Optional<ExecutionIds.Parsed> id = ExecutionIds.parse(project, executionId);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        PipelineSpec spec = pipeline(project, id.get().pipeline());
        return client.build(new BuildRef(jobOf(project, spec.role()), id.get().number()))
                .map(b -> view(project, spec, b));
    }

    @Override
    public Page<ExecutionInfo> executions(ProjectRecord project, String pipeline, PageRequest page) {
        PipelineSpec spec = pipeline(project, pipeline);
        int before = page.token().map(t -> number("PageRequest.token", t, 'b')).orElse(Integer.MAX_VALUE);
        List<BuildDetails> builds = client.builds(jobOf(project, pipeline)).stream()
                .filter(b -> b.build().number() < before)
                .sorted(Comparator.comparingInt((BuildDetails b) -> b.build().number()).reversed()).toList();
        List<ExecutionInfo> out = new ArrayList<>();
        for (BuildDetails b : builds.subList(0, Math.min(page.limit(), builds.size()))) {
            out.add(view(project, spec, b));
        }
        Optional<String> next = builds.size() > page.limit()
                ? Optional.of("b" + builds.get(page.limit() - 1).build().number()) : Optional.empty();
        return new Page<>(out, next);
    }

    private static int number(String field, String token, char kind) {
        if (!token.matches(kind + "[0-9]{1,9}")) {
            throw new ValidationException(field, token, "a token from the page before");
        }
        return Integer.parseInt(token.substring(1));
    }

    private BuildRef buildOf(ProjectRecord project, String executionId) {
        ExecutionIds.Parsed id = ExecutionIds.parse(project, executionId).orElseThrow(() ->
                new NotFoundException("execution", executionId, "project " + project.name() + " has no such execution"));
        return new BuildRef(jobOf(project, id.pipeline()), id.number());
    }

    @Override
    public LogChunk log(ProjectRecord project, String executionId, String stage, String cursor) {
        BuildRef build = buildOf(project, executionId);
        PipelineSpec spec = pipeline(project, ExecutionIds.parse(project, executionId).orElseThrow().pipeline());
        if (spec.stages().stream().noneMatch(s -> s.name().equals(stage))) {
            throw new NotFoundException("stage", stage, "pipeline " + spec.role() + " has "
                    + spec.stages().stream().map(s -> s.name()).toList());
        }
        long offset;
        if (cursor == null || cursor.equals(LogChunk.START)) {
            offset = 0;
        } else if (cursor.matches("[0-9]{1,18}")) {
            offset = Long.parseLong(cursor);
        } else {
            throw new ValidationException("LogChunk.next", cursor, "a cursor from the chunk before");
        }
        // The console of the whole build: Jenkins' progressiveText has no per-stage offset.
        ConsoleChunk c = client.log(build, offset);
        return new LogChunk(c.text(), Long.toString(c.nextOffset()), !c.more());
    }

    @Override
    public void stop(ProjectRecord project, String executionId, String reason) {
        BuildRef build = buildOf(project, executionId);
        BuildDetails b = client.build(build).orElseThrow(() -> new NotFoundException("execution", executionId,
                "Jenkins no longer has build " + build));
        if (b.status().finished()) {
            throw new IllegalStateTransitionException("Execution " + executionId + " has ended ("
                    + b.status().result().orElseThrow() + "); only a running one can be stopped",
                    Map.of("execution", executionId));
        }
        LOG.debug("stopping Jenkins build {}: {}", build, reason);
        client.stop(build);
    }

    // ---------------------------------------------------------------- gates

    @Override
    public Page<ApprovalInfo> approvals(ProjectRecord project, PageRequest page) {
        int offset = page.token().map(t -> number("PageRequest.token", t, 'o')).orElse(0);
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

    @Override
    public ApprovalInfo decide(ProjectRecord project, GateRef ref, boolean approve, String comment) {
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
        long deadline = waitPolicy.ticker().nanoTime() + startTimeout.toNanos();
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

    /**
     * Names Jenkins' root and the folder; never the credentials.
     *
     * @return e.g. {@code JenkinsOrchestrator[JenkinsClient[https://jenkins.example.com/], folder=mlops]}
     */
    @Override
    public String toString() {
        return "JenkinsOrchestrator[" + client + (base == null ? "" : ", folder=" + base) + "]";
    }

    /**
     * Starts an orchestrator; the same as {@link Jenkins#orchestrator()}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link JenkinsOrchestrator}; every setting is checked in {@link #build()}. */
    public static final class Builder {
        private java.net.URI url;
        private String user;
        private dev.mlops.Secret apiToken;
        private String folder;
        private WaitPolicy waitPolicy = WaitPolicy.remote();
        private String credentialsId = "";
        private boolean fromRepository;
        private String sdkClasspath = "";
        private Duration startTimeout = Duration.ofMinutes(5);
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxAttempts = 4;
        private Duration backoff = Duration.ofMillis(250);
        private Duration breakerOpen = Duration.ofSeconds(5);
        private java.net.http.HttpClient httpClient;

        private Builder() {
        }

        /**
         * Sets Jenkins' root URL (required).
         *
         * @param url e.g. {@code https://jenkins.example.com/}
         * @return this builder
         */
        public Builder url(java.net.URI url) {
            this.url = url;
            return this;
        }

        /**
         * Sets the Jenkins user whose API token the orchestrator uses (required); gates are decided as this user.
         *
         * @param user the user id
         * @return this builder
         */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /**
         * Sets the user's API token (required). With an API token Jenkins 2.96 and later need no CSRF crumb; the
         * orchestrator sends one anyway where Jenkins issues it.
         *
         * @param apiToken the token
         * @return this builder
         */
        public Builder apiToken(dev.mlops.Secret apiToken) {
            this.apiToken = apiToken;
            return this;
        }

        /**
         * Puts every project's folder under this folder (optional; by default at Jenkins' top level).
         *
         * @param folder a folder's full name, e.g. {@code ml/projects}
         * @return this builder
         */
        public Builder folder(String folder) {
            this.folder = folder;
            return this;
        }

        /**
         * Sets how callers wait for builds (default {@link WaitPolicy#remote()}).
         *
         * @param waitPolicy the policy
         * @return this builder
         */
        public Builder waitPolicy(WaitPolicy waitPolicy) {
            this.waitPolicy = waitPolicy;
            return this;
        }

        /**
         * Names the Jenkins credentials that clone the project's repositories (optional: none for a repository
         * Jenkins reads without them).
         *
         * @param credentialsId the credentials' id in Jenkins
         * @return this builder
         */
        public Builder credentialsId(String credentialsId) {
            this.credentialsId = credentialsId;
            return this;
        }

        /**
         * Takes each job's Jenkinsfile from its source repository ({@code Jenkinsfile} at the branch's head) instead
         * of the inline script rendered from the template's stages (the default).
         *
         * @param fromRepository whether to read the repository's Jenkinsfile
         * @return this builder
         */
        public Builder jenkinsfileFromRepository(boolean fromRepository) {
            this.fromRepository = fromRepository;
            return this;
        }

        /**
         * Says where the SDK's jars are on the Jenkins agents, e.g. {@code /opt/mlops-sdk/*}: the model-build
         * stage then runs {@code dev.mlops.aws.build.RunPipeline} and the orchestrator offers
         * {@link Capability#ML_PIPELINES}. The agents need AWS credentials and the variables RunPipeline reads.
         *
         * @param sdkClasspath a Java class path
         * @return this builder
         */
        public Builder sdkClasspath(String sdkClasspath) {
            this.sdkClasspath = sdkClasspath;
            return this;
        }

        /**
         * Sets how long a start waits for its queue item to become a build (default 5 minutes).
         *
         * @param startTimeout positive
         * @return this builder
         */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /**
         * Sets how often the queue is read while a start waits (default 1 s).
         *
         * @param pollInterval not negative
         * @return this builder
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /**
         * Sets the per-request timeout (default 30 s).
         *
         * @param requestTimeout positive
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * Sets the retries of repeatable calls: attempts in all and the first pause (defaults 4 and 250 ms).
         *
         * @param maxAttempts 1 or more
         * @param backoff the first pause; later ones double, jittered
         * @return this builder
         */
        public Builder retries(int maxAttempts, Duration backoff) {
            this.maxAttempts = maxAttempts;
            this.backoff = backoff;
            return this;
        }

        /**
         * Sets how long the host's circuit breaker stays open (default 5 s).
         *
         * @param breakerOpen positive
         * @return this builder
         */
        public Builder breakerOpen(Duration breakerOpen) {
            this.breakerOpen = breakerOpen;
            return this;
        }

        /**
         * Uses this HTTP client (give it a cookie handler).
         *
         * @param httpClient the client
         * @return this builder
         */
        public Builder httpClient(java.net.http.HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Builds the orchestrator.
         *
         * @return the orchestrator
         * @throws ValidationException naming the setting that is missing or wrong
         */
        public JenkinsOrchestrator build() {
            if (url == null) {
                throw new ValidationException("Jenkins.orchestrator.url", null, "Jenkins' root URL, http or https");
            }
            if (waitPolicy == null) {
                throw new ValidationException("Jenkins.orchestrator.waitPolicy", null, "a wait policy");
            }
            if (credentialsId == null || !credentialsId.matches("[A-Za-z0-9._-]{0,128}")) {
                throw new ValidationException("Jenkins.orchestrator.credentialsId", credentialsId,
                        "a Jenkins credentials id: letters, digits and . _ -");
            }
            if (sdkClasspath == null || sdkClasspath.contains("'") || sdkClasspath.contains("\n")) {
                throw new ValidationException("Jenkins.orchestrator.sdkClasspath", sdkClasspath,
                        "a class path without quotes or line breaks");
            }
            if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
                throw new ValidationException("Jenkins.orchestrator.startTimeout", startTimeout, "a positive duration");
            }
            JobPath base = null;
            if (folder != null) {
                try {
                    base = JobPath.of(folder);
                } catch (ValidationException e) {
                    throw new ValidationException("Jenkins.orchestrator.folder", folder, "a folder's full name, a/b");
                }
            }
            JenkinsClient.Builder c = JenkinsClient.builder().url(url.toString()).user(user).apiToken(apiToken)
                    .timeout(requestTimeout).pollInterval(pollInterval).maxAttempts(maxAttempts).backoff(backoff)
                    .breakerOpen(breakerOpen);
            if (httpClient != null) {
                c.httpClient(httpClient);
            }
            return new JenkinsOrchestrator(c.build(), user, base, waitPolicy, credentialsId, fromRepository,
                    sdkClasspath, startTimeout);
        }
    }
}
