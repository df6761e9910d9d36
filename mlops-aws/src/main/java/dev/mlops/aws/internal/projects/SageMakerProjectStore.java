package dev.mlops.aws.internal.projects;

import dev.mlops.aws.AwsService;
import dev.mlops.aws.Preflight;
import dev.mlops.aws.PreflightProblem;
import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.aws.internal.AwsComponent;
import dev.mlops.aws.internal.AwsErrors;
import dev.mlops.aws.internal.preflight.PreflightRunner;
import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.event.ProjectListener;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.MlopsException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.Page;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.ProjectStore;
import dev.mlops.spi.TemplateCodec;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Template;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.sagemaker.model.CreateProjectRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeProjectResponse;
import software.amazon.awssdk.services.sagemaker.model.ListProjectsResponse;
import software.amazon.awssdk.services.sagemaker.model.ProjectSortBy;
import software.amazon.awssdk.services.sagemaker.model.ProjectSortOrder;
import software.amazon.awssdk.services.sagemaker.model.ProjectStatus;
import software.amazon.awssdk.services.sagemaker.model.ProjectSummary;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.UpdateProjectRequest;

/**
 * Projects as SageMaker projects. SageMaker assigns the id and provisions the project's CloudFormation stack; the store
 * keeps what SageMaker does not in the account's SageMaker bucket {@code sagemaker-<region>-<account>} (see
 * {@link ProjectKeys}):
 * <ul>
 *   <li>the template, as {@link TemplateCodec} JSON by digest, so that any process can reopen the project; the
 *       project's tags {@code mlops:template} and {@code mlops:stack} name the digests it was created from, and
 *       {@code <id>/state.json} the current ones (an update changes it);</li>
 *   <li>the project's events ({@code ProjectCreated}, {@code ProjectUpdated}), since SageMaker has no feed of a
 *       project's life; see {@link ProjectJournal}. Creation reports its stack events to the creation's listener as
 *       they happen; an update's stack events go to the DEBUG log (the SPI's update has no listener).</li>
 * </ul>
 *
 * <p>{@code create} runs the preflight first and refuses with every error it found; it then uploads the rendered stack
 * and its seed archives, calls {@code CreateProject} and follows the stack's events until the project is
 * {@code CreateCompleted}. A stack that rolls back fails the creation naming the first resource that failed and why.
 * A retried creation finds the project of that name and goes on following it. An update that renders the same stack
 * and template makes no call that changes anything. {@code delete} deletes the project, then what the SageMaker
 * templates leave behind: the endpoint stacks and the retained artifact bucket.
 *
 * <p>Projects of the account not made by this store (without its tags) are not listed and not found.
 */
public final class SageMakerProjectStore extends AwsComponent implements ProjectStore {
    /** The tag naming the digest of the template a project was created from. */
    static final String TAG_TEMPLATE = "mlops:template";
    /** The tag naming the digest of the stack a project was created from. */
    static final String TAG_STACK = "mlops:stack";
    /** How long a creation, update or deletion is followed before the call gives up (and a retry follows on). */
    static final Duration PROVISIONING_TIMEOUT = Duration.ofMinutes(60);
    private static final String TOKEN_PREFIX = "sm:";
    private static final Set<ProjectStatus> GONE = Set.of(ProjectStatus.DELETE_IN_PROGRESS, ProjectStatus.DELETE_COMPLETED);
    private static final Logger LOG = LoggerFactory.getLogger(SageMakerProjectStore.class);

    private final TemplateBucket bucket;
    private final ProjectJournal journal;
    private final S3TemplateProvisioning s3;
    private final ServiceCatalogProvisioning serviceCatalog;
    private final PreflightRunner preflight;
    private final ProjectLeftovers leftovers;

    /**
     * Creates the store.
     *
     * @param calls the backend's calls
     * @param waits how provisioning is followed (AWS's stack waiters poll every 30 s)
     * @param renderer renders a template's project stack
     * @param roles the roles project stacks use
     * @param serviceCatalogProducts Service Catalog product names by template id: templates named here are
     *     provisioned from their product, the others from the rendered stack
     * @param sdkImage the SDK image's ECR URI (pushed when first asked for), for stacks that run it
     */
    public SageMakerProjectStore(AwsCalls calls, WaitPolicy waits, StackRenderer renderer, ProjectRoles roles,
            Map<String, String> serviceCatalogProducts, java.util.function.Supplier<String> sdkImage) {
        super(calls, waits);
        this.bucket = new TemplateBucket(calls);
        this.journal = new ProjectJournal(bucket);
        this.s3 = new S3TemplateProvisioning(renderer, bucket, calls.clients(), roles, sdkImage);
        this.serviceCatalog = new ServiceCatalogProvisioning(calls, serviceCatalogProducts);
        this.preflight = new PreflightRunner(calls, roles);
        this.leftovers = new ProjectLeftovers(calls, waits);
    }

    /**
     * Checks a project before anything is made.
     *
     * @param name the project's name
     * @param template its template
     * @return every problem found
     */
    public Preflight preflight(String name, Template template) {
        return preflight.run(name, template, serviceCatalog.covers(template));
    }

    // ------------------------------------------------------------------ reads

    @Override
    public java.util.Set<dev.mlops.template.Capability> capabilities() {
        // The project's stack makes the CodePipeline pipelines, with the originals' names and layout.
        // Its image pipelines build in CodeBuild and register SageMaker image versions: the image-building capability.
        return java.util.Set.of(dev.mlops.aws.internal.AwsCapabilities.PIPELINES_PROVISIONED,
                dev.mlops.template.Capability.IMAGE_BUILDING);
    }

    @Override
    public Optional<ProjectRecord> find(String name) {
        if (name == null || !name.matches("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}") || name.length() > 32) {
            return Optional.empty();   // SageMaker could hold no project of that name
        }
        return describe(name).filter(d -> !GONE.contains(d.projectStatus()))
                .flatMap(d -> load(d.projectName(), d.projectId(), d.projectArn(), d.creationTime()));
    }

    @Override
    public Page<ProjectRecord> list(PageRequest page) {
        String token = page.token().orElse(null);
        if (token != null && !token.startsWith(TOKEN_PREFIX)) {
            throw new ValidationException("PageRequest.token", token, "a token this project store returned (it begins "
                    + TOKEN_PREFIX + ")");
        }
        String smToken = token == null || token.length() == TOKEN_PREFIX.length() ? null : token.substring(TOKEN_PREFIX.length());
        ListProjectsResponse resp = calls.call(AwsService.SAGEMAKER, "list projects", Map.of(),
                () -> clients().sageMaker().listProjects(r -> r.sortBy(ProjectSortBy.NAME).sortOrder(ProjectSortOrder.ASCENDING)
                        .maxResults(Math.min(page.limit(), 100)).nextToken(smToken)));
        List<ProjectRecord> items = new ArrayList<>();
        for (ProjectSummary s : resp.projectSummaryList()) {
            if (!GONE.contains(s.projectStatus())) {
                load(s.projectName(), s.projectId(), s.projectArn(), s.creationTime()).ifPresent(items::add);
            }
        }
        return new Page<>(items, Optional.ofNullable(resp.nextToken()).filter(t -> !t.isEmpty()).map(t -> TOKEN_PREFIX + t));
    }

    @Override
    public boolean isActive(ProjectRecord project) {
        return journal.isActive(project.name(), project.id());
    }

    @Override
    public EventPage events(String project, EventCursor after, int limit) {
        if (project == null) {
            throw new ValidationException("project", null, "a project name");
        }
        return journal.read(project, after, limit);
    }

    // ------------------------------------------------------------------ writes

    @Override
    public ProjectRecord create(ProjectDraft draft, ProjectListener progress) {
        String name = draft.name();
        Map<String, String> ctx = Map.of("project", name);
        Optional<DescribeProjectResponse> existing = describe(name).filter(d -> !GONE.contains(d.projectStatus()));
        if (existing.isPresent()) {
            return resume(existing.get(), progress);
        }
        Preflight check = preflight(name, draft.template());
        if (!check.passed()) {
            Map<String, String> c = new LinkedHashMap<>(ctx);
            c.put("errors", Integer.toString(check.errors().size()));
            throw new MlopsClientException(check.report() + "\nNothing was made: fix the errors above and create the"
                    + " project again.", null, c);
        }
        for (PreflightProblem w : check.warnings()) {
            report(progress, new ProjectEvent("preflight-" + w.check() + "-" + w.resource(), now(), name,
                    ProjectEventType.ProvisioningProgress, w.resource(), "Preflight warning: " + w.problem() + " " + w.fix(),
                    Map.of("check", w.check(), "severity", w.severity().name())));
        }
        Provisioning way = serviceCatalog.covers(draft.template()) ? serviceCatalog : s3;
        Provisioning.Plan plan = way.plan(draft.template(), name);
        String codec = TemplateCodec.encode(draft.template());
        String templateDigest = Digests.sha256(codec);
        bucket.ensure();
        bucket.putIfAbsent(ProjectKeys.template(name, templateDigest), codec.getBytes(StandardCharsets.UTF_8));
        List<Tag> tags = new ArrayList<>();
        new java.util.TreeMap<>(draft.tags()).forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        tags.add(Tag.builder().key(TAG_TEMPLATE).value(templateDigest).build());
        tags.add(Tag.builder().key(TAG_STACK).value(plan.digest()).build());
        CreateProjectRequest.Builder request = CreateProjectRequest.builder().projectName(name).tags(tags);
        if (!draft.description().isEmpty()) {
            request.projectDescription(draft.description());
        }
        plan.applyTo(request);
        String id;
        try {
            id = calls.call(AwsService.SAGEMAKER, "create project " + name, ctx,
                    () -> clients().sageMaker().createProject(request.build()).projectId());
        } catch (MlopsClientException e) {
            if (!alreadyExists(e)) {
                throw e;
            }
            // CreateProject takes no client token: a retried call finds the project the first one made.
            LOG.debug("Project {} exists already; reattaching", name);
            DescribeProjectResponse made = describe(name).orElseThrow(() -> e);
            return resume(made, progress);
        }
        bucket.put(ProjectKeys.state(name, id), new StoredState(templateDigest, plan.digest(), draft.tags()).toJson()
                .getBytes(StandardCharsets.UTF_8));
        report(progress, new ProjectEvent("created-" + id, now(), name, ProjectEventType.ProvisioningProgress, name,
                "SageMaker project " + name + " is " + id + "; provisioning its stack", Map.of("projectId", id)));
        DescribeProjectResponse done = follow(name, way, null, progress, Phase.CREATE, null);
        return record(name, id, draft.template(), draft.tags(), done.creationTime());
    }

    private ProjectRecord resume(DescribeProjectResponse d, ProjectListener progress) {
        String name = d.projectName();
        StoredState state = state(d.projectName(), d.projectId(), d.projectArn()).orElseThrow(() -> new ConflictException(
                "Project " + name + " exists in SageMaker (" + d.projectId() + ") but was not made by this SDK (it has no "
                        + TAG_TEMPLATE + " tag)", List.of("~ project " + name + ": made elsewhere"),
                Map.of("project", name, "projectId", d.projectId())));
        String stateKey = ProjectKeys.state(name, d.projectId());
        if (!bucket.exists(stateKey)) {
            bucket.put(stateKey, state.toJson().getBytes(StandardCharsets.UTF_8));   // the first call stopped before it
        }
        Provisioning way = provisioningOf(d);
        ProjectStatus status = d.projectStatus();
        DescribeProjectResponse now = d;
        if (status == ProjectStatus.PENDING || status == ProjectStatus.CREATE_IN_PROGRESS) {
            now = follow(name, way, null, progress, Phase.CREATE, null);
        } else if (status == ProjectStatus.UPDATE_IN_PROGRESS) {
            now = follow(name, way, null, progress, Phase.UPDATE, null);
        } else if (status == ProjectStatus.CREATE_FAILED || status == ProjectStatus.UPDATE_FAILED) {
            StackEventFollower f = way.stack(d).map(s -> new StackEventFollower(calls, s)).orElse(null);
            if (f != null) {
                f.poll();
            }
            throw failure(d, f, status == ProjectStatus.CREATE_FAILED ? Phase.CREATE : Phase.UPDATE,
                    "; delete the project and create it again once the cause is fixed");
        }
        Template template = template(name, state.templateDigest());
        return record(name, d.projectId(), template, state.tags(), now.creationTime());
    }

    @Override
    public boolean activate(ProjectRecord project) {
        return journal.activate(project.name(), project.id(), now());
    }

    @Override
    public ProjectRecord update(ProjectRecord project, Template template, String summary) {
        String name = project.name();
        DescribeProjectResponse d = describe(name).filter(x -> !GONE.contains(x.projectStatus()))
                .filter(x -> x.projectId().equals(project.id()))
                .orElseThrow(() -> new NotFoundException("project", name + " (" + project.id() + ")",
                        "no SageMaker project of that name and id in " + clients().region().id()));
        StoredState state = state(name, d.projectId(), d.projectArn()).orElseThrow(() -> new NotFoundException("project",
                name, "SageMaker has a project of that name, but not one this SDK made"));
        Provisioning way = provisioningOf(d);
        Provisioning.Plan plan = way.plan(template, name);
        String codec = TemplateCodec.encode(template);
        String templateDigest = Digests.sha256(codec);
        if (templateDigest.equals(state.templateDigest()) && plan.digest().equals(state.stackDigest())) {
            LOG.debug("Project {}: the template and its stack are unchanged; nothing to update", name);
            return record(name, project.id(), template, state.tags(), project.createdAt());
        }
        bucket.putIfAbsent(ProjectKeys.template(name, templateDigest), codec.getBytes(StandardCharsets.UTF_8));
        if (!plan.digest().equals(state.stackDigest())) {
            StackEventFollower f = way.stack(d).map(s -> new StackEventFollower(calls, s)).orElse(null);
            if (f != null) {
                f.skipExisting();
            }
            UpdateProjectRequest.Builder request = UpdateProjectRequest.builder().projectName(name);
            plan.applyTo(request, d);
            calls.call(AwsService.SAGEMAKER, "update project " + name, Map.of("project", name, "projectId", project.id()),
                    () -> clients().sageMaker().updateProject(request.build()));
            // The SPI's update has no listener: the stack's events go to the log; the journal records the update.
            ProjectListener log = e -> LOG.debug("{}: {}", name, e.message());
            follow(name, way, f, log, Phase.UPDATE, d.lastModifiedTime());
        }
        bucket.put(ProjectKeys.state(name, project.id()), new StoredState(templateDigest, plan.digest(), state.tags())
                .toJson().getBytes(StandardCharsets.UTF_8));
        String text = summary == null || summary.isBlank() ? "template " + template.id() : summary;
        journal.append(name, ProjectEventType.ProjectUpdated, name, "Project " + name + " updated: "
                + text.lines().findFirst().orElse(text), Map.of("projectId", project.id(), "template", template.id(),
                        "changes", text), now());
        return record(name, project.id(), template, state.tags(), project.createdAt());
    }

    /**
     * Deletes the SageMaker project, then what its templates leave behind: the endpoint stacks
     * {@code sagemaker-<name>-<id>-deploy-<environment>} and the retained artifact bucket {@code sagemaker-project-<id>}
     * (emptied of every object version first), and last the store's own objects of the project.
     */
    @Override
    public void delete(ProjectRecord project) {
        String name = project.name();
        ProjectListener log = e -> LOG.debug("{}", e.message());
        Optional<DescribeProjectResponse> d = describe(name).filter(x -> x.projectId().equals(project.id()));
        if (d.isPresent() && d.get().projectStatus() != ProjectStatus.DELETE_COMPLETED) {
            Provisioning way = provisioningOf(d.get());
            StackEventFollower f = way.stack(d.get()).map(s -> new StackEventFollower(calls, s)).orElse(null);
            if (d.get().projectStatus() != ProjectStatus.DELETE_IN_PROGRESS) {
                calls.call(AwsService.SAGEMAKER, "delete project " + name, Map.of("project", name, "projectId", project.id()),
                        () -> {
                            try {
                                return clients().sageMaker().deleteProject(r -> r.projectName(name));
                            } catch (SdkException e) {
                                if (AwsErrors.isNotFound(e)) {
                                    return null;
                                }
                                throw e;
                            }
                        });
            }
            follow(name, way, f, log, Phase.DELETE, null);
        }
        leftovers.remove(project, log);
        if (describe(name).filter(x -> !GONE.contains(x.projectStatus())).isEmpty()) {
            bucket.deletePrefix(ProjectKeys.project(name));
        }
    }

    // ------------------------------------------------------------------ following provisioning

    private enum Phase {
        CREATE("created", ProjectStatus.CREATE_COMPLETED, ProjectStatus.CREATE_FAILED),
        UPDATE("updated", ProjectStatus.UPDATE_COMPLETED, ProjectStatus.UPDATE_FAILED),
        DELETE("deleted", ProjectStatus.DELETE_COMPLETED, ProjectStatus.DELETE_FAILED);

        final String verb;
        final ProjectStatus done;
        final ProjectStatus failed;

        Phase(String verb, ProjectStatus done, ProjectStatus failed) {
            this.verb = verb;
            this.done = done;
            this.failed = failed;
        }
    }

    /**
     * Polls the project and its stack's events (reported as they come) until the phase ends.
     *
     * @param before for an update, the project's modification time before it: an {@code UpdateCompleted} of an earlier
     *     update does not end this one
     * @return the project as described last (for a deletion, the last description before it went)
     */
    private DescribeProjectResponse follow(String name, Provisioning way, StackEventFollower follower,
            ProjectListener progress, Phase phase, Instant before) {
        WaitPolicy waits = waitPolicy();
        long deadline = waits.ticker().nanoTime() + PROVISIONING_TIMEOUT.toNanos();
        WaitPolicy.Pacer pacer = waits.begin();
        StackEventFollower f = follower;
        DescribeProjectResponse last = null;
        boolean sawInProgress = false;
        while (true) {
            long mark = pacer.mark();
            Optional<DescribeProjectResponse> now = describe(name);
            if (now.isEmpty()) {
                if (phase == Phase.DELETE) {
                    if (f != null) {
                        f.poll().forEach(e -> report(progress, event(name, e)));
                    }
                    return last;
                }
                throw new NotFoundException("project", name, "it went while being " + phase.verb
                        + "; another process may have deleted it");
            }
            DescribeProjectResponse d = now.get();
            last = d;
            if (f == null) {
                f = way.stack(d).map(s -> new StackEventFollower(calls, s)).orElse(null);
            }
            if (f != null) {
                for (StackEvent e : f.poll()) {
                    report(progress, event(name, e));
                }
            }
            ProjectStatus status = d.projectStatus();
            if (status == ProjectStatus.CREATE_IN_PROGRESS || status == ProjectStatus.UPDATE_IN_PROGRESS
                    || status == ProjectStatus.DELETE_IN_PROGRESS || status == ProjectStatus.PENDING) {
                sawInProgress = true;
            }
            boolean fresh = before == null || sawInProgress
                    || (d.lastModifiedTime() != null && d.lastModifiedTime().isAfter(before));
            if (status == phase.done && fresh) {
                return d;
            }
            if (status == phase.failed && fresh) {
                throw failure(d, f, phase, "");
            }
            if (waits.ticker().nanoTime() >= deadline) {
                throw new MlopsBackendException("Project " + name + " is still " + status + " after " + PROVISIONING_TIMEOUT
                        + " of waiting to be " + phase.verb + "; call again to go on following it", null,
                        Map.of("project", name, "status", String.valueOf(status)), true);
            }
            try {
                pacer.pause(mark, deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MlopsBackendException("Interrupted while following project " + name + " being " + phase.verb
                        + " (SageMaker goes on; call again to follow it)", e);
            }
        }
    }

    private MlopsException failure(DescribeProjectResponse d, StackEventFollower f, Phase phase, String then) {
        Map<String, String> ctx = new LinkedHashMap<>();
        ctx.put("project", d.projectName());
        ctx.put("projectId", d.projectId());
        ctx.put("status", d.projectStatusAsString());
        StringBuilder msg = new StringBuilder("Project ").append(d.projectName()).append(" (").append(d.projectId())
                .append(") could not be ").append(phase.verb).append(": SageMaker reports ").append(d.projectStatusAsString());
        if (f != null) {
            ctx.put("stack", f.stack());
            msg.append(" for stack ").append(f.stack());
        }
        Optional<StackEvent> first = f == null ? Optional.empty() : f.firstFailure();
        if (first.isPresent()) {
            StackEvent e = first.get();
            ctx.put("resource", e.logicalResourceId());
            ctx.put("resourceType", String.valueOf(e.resourceType()));
            ctx.put("reason", String.valueOf(e.resourceStatusReason()));
            msg.append("; the first resource to fail was ").append(e.logicalResourceId()).append(" (")
                    .append(e.resourceType()).append("), ").append(e.resourceStatusAsString()).append(": ")
                    .append(e.resourceStatusReason()).append(hint(String.valueOf(e.resourceStatusReason())));
        } else {
            String status = statusMessage(d);
            if (!status.isEmpty()) {
                msg.append(": ").append(status);
                ctx.put("reason", status);
            }
        }
        return new MlopsBackendException(msg.append(then).toString(), null, ctx, false);
    }

    private static String statusMessage(DescribeProjectResponse d) {
        if (d.hasTemplateProviderDetails()) {
            for (var t : d.templateProviderDetails()) {
                if (t.cfnTemplateProviderDetail() != null && t.cfnTemplateProviderDetail().stackDetail() != null) {
                    return String.valueOf(t.cfnTemplateProviderDetail().stackDetail().statusMessage());
                }
            }
        }
        if (d.serviceCatalogProvisionedProductDetails() != null
                && d.serviceCatalogProvisionedProductDetails().provisionedProductStatusMessage() != null) {
            return d.serviceCatalogProvisionedProductDetails().provisionedProductStatusMessage();
        }
        return "";
    }

    /** What a failure's reason usually means, when it is one the preflight checks. */
    private static String hint(String reason) {
        if (reason.contains("AssumeRole") || reason.contains("is not authorized to perform")) {
            return " (a role the stack uses is missing or does not trust the service named; AwsBackend.preflight(name,"
                    + " template) names the role and the fix)";
        }
        if (reason.contains("CodeCommit") && (reason.contains("not allowed") || reason.contains("no existing repository"))) {
            return " (CodeCommit is closed to this account: use a template with third-party repositories through AWS"
                    + " CodeConnections, or an S3 source)";
        }
        return "";
    }

    private static ProjectEvent event(String project, StackEvent e) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("stack", String.valueOf(e.stackName()));
        detail.put("resourceType", String.valueOf(e.resourceType()));
        detail.put("status", String.valueOf(e.resourceStatusAsString()));
        if (e.physicalResourceId() != null) {
            detail.put("physicalId", e.physicalResourceId());
        }
        if (e.resourceStatusReason() != null) {
            detail.put("reason", e.resourceStatusReason());
        }
        String text = e.logicalResourceId() + " (" + e.resourceType() + ") " + e.resourceStatusAsString()
                + (e.resourceStatusReason() == null ? "" : ": " + e.resourceStatusReason());
        String id = "stack-" + e.eventId().replaceAll("[^A-Za-z0-9-]", "-").toLowerCase(java.util.Locale.ROOT);
        return new ProjectEvent(id.length() > 40 ? id.substring(0, 40) : id, e.timestamp(), project,
                ProjectEventType.ProvisioningProgress, e.logicalResourceId(), text, detail);
    }

    private static void report(ProjectListener progress, ProjectEvent e) {
        try {
            progress.onEvent(e);
        } catch (RuntimeException x) {
            LOG.debug("A progress listener failed on '{}'; ignored", e.message(), x);
        }
    }

    // ------------------------------------------------------------------ helpers

    private Provisioning provisioningOf(DescribeProjectResponse d) {
        return serviceCatalog.provisioned(d) ? serviceCatalog : s3;
    }

    private static boolean alreadyExists(MlopsClientException e) {
        String code = e.context().getOrDefault("errorCode", "");
        String msg = String.valueOf(e.getMessage());
        return code.equals("ResourceInUse") || code.equals("ResourceInUseException")
                || (code.equals("ValidationException") && msg.contains("already exists"));
    }

    private Optional<DescribeProjectResponse> describe(String name) {
        return calls.call(AwsService.SAGEMAKER, "describe project " + name, Map.of("project", name), () -> {
            try {
                return Optional.of(clients().sageMaker().describeProject(r -> r.projectName(name)));
            } catch (SdkException e) {
                if (AwsErrors.isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    private Optional<ProjectRecord> load(String name, String id, String arn, Instant created) {
        return state(name, id, arn).map(s -> record(name, id, template(name, s.templateDigest()), s.tags(), created));
    }

    /** The project's state: its state object, else (a creation stopped before writing it) its tags; empty if not ours. */
    private Optional<StoredState> state(String name, String id, String arn) {
        Optional<String> stored = bucket.read(ProjectKeys.state(name, id));
        if (stored.isPresent()) {
            return Optional.of(StoredState.fromJson(stored.get(), ProjectKeys.state(name, id)));
        }
        List<Tag> tags = calls.call(AwsService.SAGEMAKER, "list the tags of project " + name, Map.of("project", name),
                () -> clients().sageMaker().listTags(r -> r.resourceArn(arn)).tags());
        Map<String, String> user = new LinkedHashMap<>();
        String template = null;
        String stack = "";
        for (Tag t : tags) {
            if (TAG_TEMPLATE.equals(t.key())) {
                template = t.value();
            } else if (TAG_STACK.equals(t.key())) {
                stack = t.value();
            } else if (!t.key().startsWith("aws:") && !t.key().startsWith("sagemaker:")) {
                user.put(t.key(), t.value());
            }
        }
        return template == null ? Optional.empty() : Optional.of(new StoredState(template, stack, user));
    }

    private Template template(String name, String digest) {
        String key = ProjectKeys.template(name, digest);
        String json = bucket.read(key).orElseThrow(() -> new MlopsBackendException("The template of project " + name
                + " is missing from s3://" + bucket.name() + "/" + key + ", so the project cannot be reopened; put it back"
                + " (TemplateCodec JSON) or delete the project", null, Map.of("project", name, "key", key), false));
        return TemplateCodec.decode(json);
    }

    private static ProjectRecord record(String name, String id, Template template, Map<String, String> userTags,
            Instant created) {
        Map<String, String> tags = new LinkedHashMap<>(userTags);
        tags.put("sagemaker:project-name", name);
        tags.put("sagemaker:project-id", id);
        return new ProjectRecord(name, id, template, tags, created == null ? Instant.EPOCH : created);
    }

    private Instant now() {
        return waitPolicy().ticker().now();
    }
}
