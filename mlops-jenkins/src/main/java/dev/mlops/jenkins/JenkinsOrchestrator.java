package dev.mlops.jenkins;

import dev.mlops.LogChunk;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.jenkins.internal.BuildFeed;
import dev.mlops.jenkins.internal.BuildViews;
import dev.mlops.jenkins.internal.ExecutionIds;
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
    private final Map<String, String> agentEnvironment;
    private final JenkinsGates gates;
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
            boolean fromRepository, String sdkClasspath, Duration startTimeout, Map<String, String> agentEnvironment) {
        this.client = client;
        this.agentEnvironment = Map.copyOf(agentEnvironment);
        this.user = user;
        this.base = base;
        this.waitPolicy = waitPolicy;
        this.credentialsId = credentialsId;
        this.fromRepository = fromRepository;
        this.sdkClasspath = sdkClasspath;
        this.startTimeout = startTimeout;
        this.gates = new JenkinsGates(client, user, waitPolicy, startTimeout, this::jobOf);
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

    /**
     * The URL of the folder the projects' folders are made in (Jenkins' root, or the configured folder), ending with
     * '/': what template G's {@code JenkinsUrl} parameter takes, so that the project stack's approval route calls
     * {@link #triggerUrl(ProjectRecord, String) the deploy job's trigger URL}.
     *
     * @return {@code <root>[job/<folder>/]}
     */
    public java.net.URI projectsUrl() {
        return base == null ? client.root() : client.root().resolve(base.urlPath());
    }

    /**
     * The template parameters of template G's approval route for this Jenkins: {@code JenkinsUrl} (from
     * {@link #projectsUrl()}), {@code JenkinsUser}, and the secret holding the user's API token.
     *
     * @param apiTokenSecretArn the ARN of the Secrets Manager secret holding the API token (never the token)
     * @return the parameters, to pass to {@code Template.withParameter}
     */
    public Map<String, String> approvalRouteParameters(String apiTokenSecretArn) {
        if (apiTokenSecretArn == null || !apiTokenSecretArn.startsWith("arn:")) {
            throw new ValidationException("Jenkins.approvalRouteParameters.apiTokenSecretArn",
                    apiTokenSecretArn == null ? null : "(" + apiTokenSecretArn.length() + " characters)",
                    "the ARN of a Secrets Manager secret holding the API token (never the token itself)");
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("JenkinsUrl", projectsUrl().toString());
        out.put("JenkinsUser", user);
        out.put("JenkinsApiTokenSecretArn", apiTokenSecretArn);
        return out;
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
        // Deploy stages run only where they are real: SageMaker endpoints, deployed as CloudFormation stacks.
        boolean awsEndpoints = components != null && "aws".equals(components.endpoints().backend());
        return b.script(Jenkinsfile.render(project, spec, cloneUrl, repo.branch(), credentialsId, sdkClasspath,
                awsEndpoints, agentEnvironment)).build();
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
        // The queue before the builds: an item that leaves the queue between the two reads is then a build.
        List<QueueItemRef> waiting = client.queued(job, Jenkinsfile.EXECUTION_ID, token);
        Optional<BuildDetails> known = byToken(job, token);
        if (known.isPresent()) {
            return view(project, spec, known.get());
        }
        QueueItemRef item = waiting.isEmpty() ? triggerOnce(job, token, params) : waiting.get(0);
        if (item == null) {
            // A lost answer whose build has already started.
            return view(project, spec, byToken(job, token).orElseThrow());
        }
        BuildRef build = client.awaitBuild(item, startTimeout);
        // Two starts with one token that raced past each other's checks (a queue item leaves the queue within
        // Jenkins' quiet period): the first build stands and a later one is aborted before it does anything.
        List<BuildDetails> same = client.builds(job).stream()
                .filter(b -> token.equals(b.parameters().get(Jenkinsfile.EXECUTION_ID)))
                .sorted(Comparator.comparingInt(b -> b.build().number())).toList();
        if (!same.isEmpty() && same.get(0).build().number() < build.number()) {
            LOG.debug("build {} repeats execution id {} of build {}; aborting it", build, token, same.get(0).build());
            client.stop(build);
            return view(project, spec, same.get(0));
        }
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
                    // The queue before the builds, as in start: a first trigger whose answer was lost is found in
                    // one of them even if its item leaves the queue meanwhile, so it is never triggered twice.
                    List<QueueItemRef> queued = client.queued(job, Jenkinsfile.EXECUTION_ID, token);
                    if (!queued.isEmpty()) {
                        return queued.get(0);
                    }
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

    /** The first build with the token: if a repeated trigger ever made a second one, that one is aborted. */
    private Optional<BuildDetails> byToken(JobPath job, String token) {
        return client.builds(job).stream()
                .filter(b -> token.equals(b.parameters().get(Jenkinsfile.EXECUTION_ID)))
                .min(Comparator.comparingInt(b -> b.build().number()));
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

    static int number(String field, String token, char kind) {
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
        return gates.approvals(project, page);
    }

    @Override
    public ApprovalInfo decide(ProjectRecord project, GateRef ref, boolean approve, String comment) {
        return gates.decide(project, ref, approve, comment);
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
        private final Map<String, String> agentEnvironment = new java.util.TreeMap<>();
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
         * Adds a variable the rendered Jenkinsfiles set for their steps ({@code environment} block), e.g.
         * {@code AWS_REGION} and {@code MODEL_EXECUTION_ROLE_ARN} for the deploy stages' SDK entry points. Not for
         * secrets: the value is part of the job's configuration; use Jenkins credentials for those.
         *
         * @param name the variable's name (letters, digits, '_')
         * @param value its value
         * @return this builder
         * @throws ValidationException for a name that is not a variable name, or a missing value
         */
        public Builder agentEnvironment(String name, String value) {
            if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new ValidationException("Jenkins.orchestrator.agentEnvironment", name,
                        "a variable name of letters, digits and '_'");
            }
            if (value == null || value.contains("\n")) {
                throw new ValidationException("Jenkins.orchestrator.agentEnvironment." + name, value,
                        "a value without line breaks");
            }
            agentEnvironment.put(name, value);
            return this;
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
                    sdkClasspath, startTimeout, agentEnvironment);
        }
    }
}
