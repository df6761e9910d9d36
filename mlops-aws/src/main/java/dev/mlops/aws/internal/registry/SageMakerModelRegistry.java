package dev.mlops.aws.internal.registry;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.aws.AwsService;
import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.aws.internal.AwsComponent;
import dev.mlops.aws.internal.AwsErrors;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.ApprovalConflict;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.Page;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RegisterRequest;
import dev.mlops.spi.WaitPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.InferenceSpecification;
import software.amazon.awssdk.services.sagemaker.model.ListModelPackagesResponse;
import software.amazon.awssdk.services.sagemaker.model.MetadataProperties;
import software.amazon.awssdk.services.sagemaker.model.MetricsSource;
import software.amazon.awssdk.services.sagemaker.model.ModelMetrics;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageSortBy;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageSummary;
import software.amazon.awssdk.services.sagemaker.model.ModelQuality;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.UserContext;

/**
 * The SageMaker Model Registry as a {@link ModelRegistry}: a project's versions are the versioned model packages of
 * its group {@code <name>-<id>}, numbered by SageMaker.
 *
 * <ul>
 *   <li>Metrics are read from the package's model statistics report ({@code ModelMetrics.ModelQuality.Statistics},
 *       in S3) and flattened as the embedded registry flattens them.</li>
 *   <li>{@link #register} makes the group if missing (tagged {@code sagemaker:project-name} and
 *       {@code sagemaker:project-id}, as the originals' build does), points at the build's report when the lineage
 *       names one in S3 ({@code modelStatistics}) or writes one from the request's metrics into the project's
 *       bucket, and creates the package with a {@code ClientToken} derived from the request's token. Since
 *       SageMaker's own de-duplication is not guaranteed beyond its retention of tokens (and emulators ignore it),
 *       the token is also written into the package's description and looked for before creating.</li>
 *   <li>SageMaker keeps only the last decision ({@code ApprovalDescription}, {@code LastModifiedBy}); the decisions
 *       made through this registry are also recorded in the package's customer metadata (see
 *       {@link PackageMetadata}) so that the history lists each, and a change made elsewhere (Studio, the console)
 *       appears as its last entry.</li>
 *   <li>SageMaker has no feed of registry events, so {@link dev.mlops.template.Capability#MODEL_APPROVAL_EVENTS}
 *       is not offered and {@link #events} refuses: route the {@code SageMaker Model Package State Change}
 *       EventBridge events to the orchestrator, as the originals do.</li>
 * </ul>
 *
 * <p>Decisions are made under the backend's credentials; the caller's IAM identity (STS
 * {@code GetCallerIdentity}, asked once) is what the history records.
 */
public final class SageMakerModelRegistry extends AwsComponent implements ModelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SageMakerModelRegistry.class);
    private static final Pattern GROUP = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    private static final Pattern VERSION_ARN = Pattern.compile(
            "arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]+:[0-9]{12}:model-package/([a-z0-9](-*[a-z0-9]){0,62})/([0-9]{1,9})",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DATA_URL = Pattern.compile("(https|s3)://([^/]+)/?(.*)");
    private static final Pattern HOSTNAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    private static final Pattern S3_URI = Pattern.compile("s3://([^/]+)/(.+)");
    private static final String TOKEN_MARK = "client token ";
    private static final int MAX_CONTAINERS = 15;

    private volatile String identity;

    /**
     * Creates the registry.
     *
     * @param calls the backend's calls
     * @param waits its wait policy
     */
    public SageMakerModelRegistry(AwsCalls calls, WaitPolicy waits) {
        super(calls, waits);
    }

    @Override
    public Optional<ModelVersionInfo> version(String group, int version) {
        if (group == null || !GROUP.matcher(group).matches() || version < 1) {
            return Optional.empty();
        }
        return describe(versionArn(group, version)).filter(d -> group.equalsIgnoreCase(d.modelPackageGroupName()))
                .map(this::info);
    }

    @Override
    public Optional<ModelVersionInfo> byArn(String arn) {
        if (arn == null || !VERSION_ARN.matcher(arn).matches()) {
            return Optional.empty();
        }
        return describe(arn).map(this::info);
    }

    @Override
    public Page<ModelVersionInfo> versions(String group, PageRequest page) {
        Optional<String> next = page.token().map(t -> PageTokens.unwrap(t, "the versions of " + group));
        if (group == null || !GROUP.matcher(group).matches()) {
            return Page.last(List.of());
        }
        ListModelPackagesResponse r = list(group, null, Math.min(page.limit(), 100), next.orElse(null));
        List<ModelVersionInfo> items = new ArrayList<>();
        for (ModelPackageSummary s : r.modelPackageSummaryList()) {
            // Deleted between the listing and the read: left out of the page.
            describe(s.modelPackageArn()).map(this::info).ifPresent(items::add);
        }
        return new Page<>(items, PageTokens.wrap(r.nextToken()));
    }

    /**
     * The newest version with a status: one filtered listing ({@code ModelApprovalStatus}, newest first, one item)
     * and one read.
     */
    @Override
    public Optional<ModelVersionInfo> latest(String group, ModelApprovalStatus status) {
        if (group == null || !GROUP.matcher(group).matches()) {
            return Optional.empty();
        }
        return list(group, status, 1, null).modelPackageSummaryList().stream().findFirst()
                .flatMap(s -> describe(s.modelPackageArn())).map(this::info);
    }

    @Override
    public Map<String, Double> metrics(String arn) {
        DescribeModelPackageResponse d = (arn == null || !VERSION_ARN.matcher(arn).matches() ? Optional
                .<DescribeModelPackageResponse>empty() : describe(arn)).orElseThrow(() -> new NotFoundException(
                "model version", arn, "no model package of that ARN in SageMaker (region " + clients().region() + ")"));
        ModelMetrics m = d.modelMetrics();
        MetricsSource stats = m == null || m.modelQuality() == null ? null : m.modelQuality().statistics();
        if (stats == null || stats.s3Uri() == null) {
            return Map.of();
        }
        Matcher s3 = S3_URI.matcher(stats.s3Uri());
        if (!s3.matches()) {
            throw new MlopsBackendException("The model statistics of " + arn + " are at " + stats.s3Uri()
                    + ", which is not an s3:// URI this registry can read", null, Map.of("arn", arn), false);
        }
        String bucket = s3.group(1);
        String key = s3.group(2);
        byte[] report = calls.call(AwsService.S3, "read the model statistics " + stats.s3Uri() + " of " + arn,
                Map.of("arn", arn, "uri", stats.s3Uri()), () -> {
                    try {
                        return clients().s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
                    } catch (SdkException e) {
                        if (AwsErrors.isNotFound(e)) {
                            throw new NotFoundException("model statistics report", stats.s3Uri(), "model version " + arn
                                    + " points at it, but it is not in S3 (deleted, or written to another account)");
                        }
                        throw e;
                    }
                });
        try {
            return ModelStatistics.flatten(report);
        } catch (IOException e) {
            throw new MlopsBackendException("The model statistics " + stats.s3Uri() + " of " + arn + " are not JSON: "
                    + e.getMessage(), e, Map.of("arn", arn, "uri", stats.s3Uri()), false);
        }
    }

    @Override
    public ModelVersionInfo updateApprovalStatus(String group, int version, ModelApprovalStatus status, String comment) {
        DescribeModelPackageResponse now = current(group, version);
        ModelApprovalStatus from = status(now);
        if (from == status) {
            throw new IllegalStateTransitionException("Model version " + group + "/" + version + " is already " + status
                    + "; nothing was changed", Map.of("group", group, "version", Integer.toString(version),
                    "status", status.name()));
        }
        return update(now, from, status, comment);
    }

    /**
     * Changes the status only if it still is {@code expected}. SageMaker has no conditional update: this reads the
     * package, compares its status and then updates it, so the check narrows the race between two deciders to the
     * time between that read and the write but cannot close it (the later write wins, and both callers are told
     * they succeeded). A loser whose read already shows the other decision gets the {@link ApprovalConflict} error
     * naming what the version is now, which is what the registry kit's contract asks of a registry without
     * conditional writes.
     */
    @Override
    public ModelVersionInfo updateApprovalStatus(String group, int version, ModelApprovalStatus expected,
            ModelApprovalStatus status, String comment) {
        DescribeModelPackageResponse now = current(group, version);
        ModelApprovalStatus from = status(now);
        if (from != expected) {
            throw ApprovalConflict.of(info(now), expected, status);
        }
        if (from == status) {
            throw new IllegalStateTransitionException("Model version " + group + "/" + version + " is already " + status
                    + "; nothing was changed", Map.of("group", group, "version", Integer.toString(version),
                    "status", status.name()));
        }
        return update(now, from, status, comment);
    }

    @Override
    public ModelVersionInfo register(RegisterRequest r) {
        String group = r.group();
        if (!GROUP.matcher(group).matches()) {
            throw new ValidationException("RegisterRequest.group", group, "a SageMaker model package group name: 1 to 63"
                    + " letters, digits and inner hyphens");
        }
        String projectId = projectId(r);
        String token = clientToken(r.clientToken());
        Map<String, String> ctx = Map.of("group", group, "clientToken", token);
        Optional<ModelVersionInfo> earlier = findRegistered(group, token);
        if (earlier.isPresent()) {
            LOG.debug("Registration {} of {} was made before: version {}", token, group, earlier.get().version());
            return earlier.get();
        }
        ensureGroup(group, r.project(), projectId);

        Map<String, String> metadataContainers = new LinkedHashMap<>();
        InferenceSpecification spec = inferenceSpecification(r.containers());
        if (spec == null) {
            metadataContainers.putAll(r.containers());
        }
        Instant now = Instant.now();
        PackageMetadata metadata = PackageMetadata.registration(r.lineage(), metadataContainers, now, r.status());
        ModelMetrics metrics = modelMetrics(r, projectId, token);
        MetadataProperties.Builder props = MetadataProperties.builder().projectId(projectId);
        Optional.ofNullable(r.lineage().get("sourceCommit")).ifPresent(props::commitId);
        String arn = calls.call(AwsService.SAGEMAKER, "register a model version in " + group, ctx,
                () -> clients().sageMaker().createModelPackage(b -> {
                    b.modelPackageGroupName(group)
                            .modelPackageDescription("Registered through mlops-projects for project " + r.project() + "; "
                                    + TOKEN_MARK + token)
                            .modelApprovalStatus(r.status().name())
                            .clientToken(token)
                            .customerMetadataProperties(metadata.properties())
                            .metadataProperties(props.build());
                    if (metrics != null) {
                        b.modelMetrics(metrics);
                    }
                    if (spec != null) {
                        b.inferenceSpecification(spec);
                    }
                }).modelPackageArn());
        LOG.debug("Registered {} in {} as {} (client token {})", arn, group, r.status(), token);
        return describe(arn).map(this::info).orElseThrow(() -> new MlopsBackendException("SageMaker made model package "
                + arn + " in " + group + " but does not describe it; read it again later", null, ctx, true));
    }

    @Override
    public void deleteProject(ProjectRecord project) {
        String group = project.nameId();
        Map<String, String> ctx = Map.of("project", project.name(), "group", group);
        List<String> arns = new ArrayList<>();
        String next = null;
        do {
            ListModelPackagesResponse r = list(group, null, 100, next);
            r.modelPackageSummaryList().forEach(s -> arns.add(s.modelPackageArn()));
            next = r.nextToken();
        } while (next != null && !next.isEmpty());
        for (String arn : arns) {
            calls.call(AwsService.SAGEMAKER, "delete model version " + arn + " of project " + project.name(), ctx,
                    () -> AwsErrors.ignoringNotFound(() -> clients().sageMaker().deleteModelPackage(b -> b.modelPackageName(arn))));
        }
        calls.call(AwsService.SAGEMAKER, "delete model package group " + group + " of project " + project.name(), ctx,
                () -> AwsErrors.ignoringNotFound(() -> clients().sageMaker().deleteModelPackageGroup(b -> b.modelPackageGroupName(group))));
        LOG.debug("Deleted {} model versions and the group {}", arns.size(), group);
    }

    // ------------------------------------------------------------------------------------------------ reads

    private Optional<DescribeModelPackageResponse> describe(String arnOrName) {
        return calls.call(AwsService.SAGEMAKER, "describe model package " + arnOrName, Map.of("modelPackage", arnOrName),
                () -> {
                    try {
                        return Optional.of(clients().sageMaker().describeModelPackage(b -> b.modelPackageName(arnOrName)));
                    } catch (SdkException e) {
                        if (AwsErrors.isNotFound(e)) {
                            return Optional.empty();
                        }
                        throw e;
                    }
                });
    }

    private DescribeModelPackageResponse current(String group, int version) {
        Optional<DescribeModelPackageResponse> d = group != null && GROUP.matcher(group).matches() && version > 0
                ? describe(versionArn(group, version)) : Optional.empty();
        return d.orElseThrow(() -> new NotFoundException("model version", group + "/" + version,
                "SageMaker has no version " + version + " in model package group " + group));
    }

    private ListModelPackagesResponse list(String group, ModelApprovalStatus status, int limit, String next) {
        return calls.call(AwsService.SAGEMAKER, "list the model versions of " + group, Map.of("group", group), () -> {
            try {
                return clients().sageMaker().listModelPackages(b -> {
                    b.modelPackageGroupName(group).sortBy(ModelPackageSortBy.CREATION_TIME)
                            .sortOrder(SortOrder.DESCENDING).maxResults(limit).nextToken(next);
                    if (status != null) {
                        b.modelApprovalStatus(status.name());
                    }
                });
            } catch (SdkException e) {
                if (AwsErrors.isNotFound(e)) {
                    return ListModelPackagesResponse.builder().build();
                }
                throw e;
            }
        });
    }

    private Optional<ModelVersionInfo> findRegistered(String group, String token) {
        String next = null;
        do {
            ListModelPackagesResponse r = list(group, null, 100, next);
            for (ModelPackageSummary s : r.modelPackageSummaryList()) {
                if (s.modelPackageDescription() != null && s.modelPackageDescription().endsWith(TOKEN_MARK + token)) {
                    return describe(s.modelPackageArn()).map(this::info);
                }
            }
            next = r.nextToken();
        } while (next != null && !next.isEmpty());
        return Optional.empty();
    }

    // ------------------------------------------------------------------------------------------------ writes

    private ModelVersionInfo update(DescribeModelPackageResponse now, ModelApprovalStatus from, ModelApprovalStatus to,
            String comment) {
        String arn = now.modelPackageArn();
        PackageMetadata.Update meta = PackageMetadata.of(now.customerMetadataProperties())
                .withDecision(Instant.now(), from, to, identity());
        String description = comment == null ? "" : comment.length() > 1024 ? comment.substring(0, 1024) : comment;
        Map<String, String> ctx = Map.of("modelPackage", arn, "status", to.name());
        calls.call(AwsService.SAGEMAKER, "set model version " + arn + " to " + to, ctx,
                () -> clients().sageMaker().updateModelPackage(b -> {
                    b.modelPackageArn(arn).modelApprovalStatus(to.name()).approvalDescription(description)
                            .customerMetadataProperties(meta.properties());
                    if (!meta.removed().isEmpty()) {
                        b.customerMetadataPropertiesToRemove(meta.removed());
                    }
                }));
        LOG.debug("Model package {}: {} -> {}", arn, from, to);
        return describe(arn).map(this::info).orElseThrow(() -> new NotFoundException("model version", arn,
                "it was deleted right after it was set to " + to));
    }

    private void ensureGroup(String group, String project, String projectId) {
        Map<String, String> ctx = Map.of("group", group, "project", project);
        boolean exists = calls.call(AwsService.SAGEMAKER, "look for model package group " + group, ctx, () -> {
            try {
                clients().sageMaker().describeModelPackageGroup(b -> b.modelPackageGroupName(group));
                return true;
            } catch (SdkException e) {
                if (AwsErrors.isNotFound(e)) {
                    return false;
                }
                throw e;
            }
        });
        if (exists) {
            return;
        }
        calls.call(AwsService.SAGEMAKER, "make model package group " + group, ctx, () -> {
            try {
                return clients().sageMaker().createModelPackageGroup(b -> b.modelPackageGroupName(group)
                        .modelPackageGroupDescription("Model versions of SageMaker project " + project)
                        .tags(Tag.builder().key("sagemaker:project-name").value(project).build(),
                                Tag.builder().key("sagemaker:project-id").value(projectId).build()));
            } catch (AwsServiceException e) {
                String msg = String.valueOf(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
                if (msg.contains("already exists")) {
                    // Made meanwhile by a concurrent registration.
                    return null;
                }
                throw e;
            }
        });
        LOG.debug("Made model package group {}", group);
    }

    private ModelMetrics modelMetrics(RegisterRequest r, String projectId, String token) {
        String uri = r.lineage().get("modelStatistics");
        if (uri == null || !S3_URI.matcher(uri).matches()) {
            if (r.metrics().isEmpty()) {
                return null;
            }
            String bucket = "sagemaker-project-" + projectId;
            String key = "model-metrics/" + r.group() + "/" + token + "/evaluation.json";
            byte[] report = ModelStatistics.report(r.metrics());
            uri = "s3://" + bucket + "/" + key;
            String where = uri;
            calls.call(AwsService.S3, "write the model statistics of a version of " + r.group() + " to " + uri,
                    Map.of("group", r.group(), "uri", uri), () -> {
                        try {
                            return clients().s3().putObject(b -> b.bucket(bucket).key(key).contentType("application/json"),
                                    RequestBody.fromBytes(report));
                        } catch (SdkException e) {
                            if (AwsErrors.isNotFound(e)) {
                                throw new NotFoundException("artifact bucket", bucket, "the project's stack makes it;"
                                        + " the statistics of the version to register go to " + where);
                            }
                            throw e;
                        }
                    });
        }
        return ModelMetrics.builder().modelQuality(ModelQuality.builder().statistics(MetricsSource.builder()
                .contentType("application/json").s3Uri(uri).build()).build()).build();
    }

    /** The containers as SageMaker's inference specification, or null if they cannot be (URIs not in S3). */
    private static InferenceSpecification inferenceSpecification(Map<String, String> containers) {
        if (containers.size() > MAX_CONTAINERS) {
            return null;
        }
        List<ModelPackageContainerDefinition> defs = new ArrayList<>();
        for (Map.Entry<String, String> c : containers.entrySet()) {
            if (!HOSTNAME.matcher(c.getKey()).matches() || !DATA_URL.matcher(c.getValue()).matches()
                    || c.getValue().length() > 1024) {
                return null;
            }
            defs.add(ModelPackageContainerDefinition.builder().containerHostname(c.getKey()).modelDataUrl(c.getValue())
                    .build());
        }
        return InferenceSpecification.builder().containers(defs).build();
    }

    // ------------------------------------------------------------------------------------------------ mapping

    private ModelVersionInfo info(DescribeModelPackageResponse d) {
        PackageMetadata meta = PackageMetadata.of(d.customerMetadataProperties());
        ModelApprovalStatus status = status(d);
        Map<String, String> containers = new LinkedHashMap<>();
        if (d.inferenceSpecification() != null && d.inferenceSpecification().hasContainers()) {
            int i = 0;
            for (ModelPackageContainerDefinition c : d.inferenceSpecification().containers()) {
                i++;
                // A preprocessor's files are an uncompressed S3 prefix (ModelDataSource), the algorithm's a model.tar.gz.
                String uri = c.modelDataUrl() != null ? c.modelDataUrl()
                        : c.modelDataSource() != null && c.modelDataSource().s3DataSource() != null
                                ? c.modelDataSource().s3DataSource().s3Uri() : c.image();
                containers.put(c.containerHostname() != null ? c.containerHostname() : "container-" + i,
                        uri == null ? "" : uri);
            }
        }
        containers.putAll(meta.containers());
        Map<String, String> lineage = meta.lineage();
        List<PackageMetadata.Decision> decisions = meta.decisions();
        ModelApprovalStatus initial = meta.registered().map(PackageMetadata.Registered::status)
                .orElse(decisions.isEmpty() ? status : decisions.get(0).from());
        Optional<String> serviceWho = who(d.lastModifiedBy());
        String comment = d.approvalDescription() == null || d.approvalDescription().isEmpty() ? null
                : d.approvalDescription();

        List<String> history = new ArrayList<>();
        history.add(d.creationTime() + " registered as " + initial + Optional.ofNullable(lineage.get("pipelineExecution"))
                .map(e -> " by pipeline execution " + e).orElse(""));
        for (PackageMetadata.Decision x : decisions) {
            history.add(x.at() + " " + x.from() + " -> " + x.to() + " by " + x.who());
        }
        ModelApprovalStatus lastKnown = decisions.isEmpty() ? initial : decisions.get(decisions.size() - 1).to();
        Optional<String> decidedBy = Optional.empty();
        if (status != lastKnown) {
            // Decided outside this registry (Studio, the console, another tool): only SageMaker's record of it.
            Instant at = d.lastModifiedTime() != null ? d.lastModifiedTime() : d.creationTime();
            String by = serviceWho.orElse("an identity SageMaker did not record");
            history.add(at + " " + lastKnown + " -> " + status + " by " + by);
            decidedBy = Optional.of(by);
        } else if (!decisions.isEmpty()) {
            decidedBy = Optional.of(d.lastModifiedBy() != null && d.lastModifiedBy().iamIdentity() != null
                    && d.lastModifiedBy().iamIdentity().arn() != null ? d.lastModifiedBy().iamIdentity().arn()
                    : decisions.get(decisions.size() - 1).who());
        }
        if (comment != null && history.size() > 1) {
            history.set(history.size() - 1, history.get(history.size() - 1) + ": " + comment);
        }
        return new ModelVersionInfo(d.modelPackageArn(), d.modelPackageGroupName(),
                d.modelPackageVersion() == null ? 0 : d.modelPackageVersion(), status, lineage, containers,
                d.creationTime(), decidedBy, Optional.ofNullable(comment), history);
    }

    private static ModelApprovalStatus status(DescribeModelPackageResponse d) {
        String s = d.modelApprovalStatusAsString();
        return s == null ? ModelApprovalStatus.PendingManualApproval : ModelApprovalStatus.parse(s);
    }

    private static Optional<String> who(UserContext u) {
        if (u == null) {
            return Optional.empty();
        }
        if (u.iamIdentity() != null && u.iamIdentity().arn() != null) {
            return Optional.of(u.iamIdentity().arn());
        }
        return Optional.ofNullable(u.userProfileName() != null ? u.userProfileName() : u.userProfileArn());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private String versionArn(String group, int version) {
        return "arn:" + clients().partition() + ":sagemaker:" + clients().region().id() + ":" + clients().accountId()
                + ":model-package/" + group.toLowerCase(Locale.ROOT) + "/" + version;
    }

    /** The caller's IAM identity, as decisions record it; asked once. */
    private String identity() {
        String id = identity;
        if (id == null) {
            id = calls.call(AwsService.STS, "find the caller's identity to record a decision", Map.of(),
                    () -> clients().sts().getCallerIdentity(b -> { }).arn());
            identity = id;
        }
        return id;
    }

    /**
     * The project id in the group {@code <project>-<id>}.
     *
     * @throws ValidationException if the group is not the project's
     */
    private static String projectId(RegisterRequest r) {
        String prefix = r.project() + "-";
        if (!r.group().startsWith(prefix) || r.group().length() == prefix.length()) {
            throw new ValidationException("RegisterRequest.group", r.group(), "the project's group, " + r.project()
                    + "-<project id> (the originals' name)");
        }
        return r.group().substring(prefix.length());
    }

    /** SageMaker's {@code ClientToken} (1 to 36 of {@code [a-zA-Z0-9-]}) for a request's token of up to 128 characters. */
    static String clientToken(String requestToken) {
        return UUID.nameUUIDFromBytes(("mlops-register:" + requestToken).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
