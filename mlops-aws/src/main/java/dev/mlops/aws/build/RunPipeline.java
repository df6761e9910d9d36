package dev.mlops.aws.build;

import dev.mlops.aws.pipelines.ImmutablePipelineTarget;
import dev.mlops.aws.pipelines.PipelineDefinitionRenderer;
import dev.mlops.aws.pipelines.PipelineTarget;
import dev.mlops.aws.internal.bundle.SdkBundle;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.pipeline.MlPipeline;
import dev.mlops.pipeline.PipelineSettings;
import dev.mlops.spi.Ticker;
import dev.mlops.spi.WaitPolicy;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * The model build's main, as the original's {@code run-pipeline}: compiles the model-build repository, builds the
 * pipeline with the factory {@code pipeline.properties} names, uploads the jar of the compiled code, renders the
 * SageMaker pipeline definition and prints it, creates the pipeline {@code <name>-<id>} or updates it (tagged
 * {@code sagemaker:project-name} and {@code sagemaker:project-id}), starts an execution and waits for it (2 hours by
 * default), printing each step's status change. It exits non-zero with the failed steps' reasons.
 *
 * <pre>{@code
 * java -cp 'sdk/*' dev.mlops.aws.build.RunPipeline --repository . --role-arn "$SAGEMAKER_PIPELINE_ROLE_ARN"
 * }</pre>
 */
public final class RunPipeline {
    static final String USAGE = String.join("\n",
            "usage: java -cp 'sdk/*' dev.mlops.aws.build.RunPipeline [options]",
            "  --repository DIR      the checked-out model-build repository (default: .)",
            "  --project-name NAME   the SageMaker project's name     (default: $SAGEMAKER_PROJECT_NAME)",
            "  --project-id ID       the SageMaker project's id       (default: $SAGEMAKER_PROJECT_ID)",
            "  --role-arn ARN        the pipeline's execution role    (default: $SAGEMAKER_PIPELINE_ROLE_ARN)",
            "  --bucket BUCKET       the project's artifact bucket    (default: $ARTIFACT_BUCKET)",
            "  --region REGION       the region                       (default: $AWS_REGION)",
            "  --sdk-image-uri URI   the SDK image processing steps run (default: $MLOPS_SDK_IMAGE_URI)",
            "  --timeout DURATION    how long to wait for the execution, ISO-8601 (default: PT2H)");
    static final Set<String> OPTIONS = Set.of("repository", "project-name", "project-id", "role-arn", "bucket",
            "region", "sdk-image-uri", "timeout");
    /** The original's budget: 120 checks a minute apart. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);
    /** The largest definition CreatePipeline takes inline; larger ones go through S3. */
    private static final int INLINE_DEFINITION_LIMIT = 1_000_000;

    private RunPipeline() {
    }

    /**
     * Runs the model build.
     *
     * @param args the options, see the usage
     */
    public static void main(String[] args) {
        System.exit(BuildMain.exitCode("RunPipeline", USAGE, System.err, () -> {
            BuildArgs a = BuildArgs.parse(args, OPTIONS, System.getenv());
            try (BuildClients clients = BuildClients.forRegion(a.required("region", "AWS_REGION"))) {
                WaitPolicy waits = WaitPolicy.backoff(Duration.ofSeconds(5), Duration.ofSeconds(60), 2.0, Ticker.system());
                return run(a, clients, waits, System.out);
            }
        }));
    }

    static int run(BuildArgs a, BuildClients clients, WaitPolicy waits, PrintStream log) throws Exception {
        Path repository = Path.of(a.optional("repository", null).orElse("."));
        String projectName = a.required("project-name", "SAGEMAKER_PROJECT_NAME");
        String projectId = a.required("project-id", "SAGEMAKER_PROJECT_ID");
        String roleArn = a.required("role-arn", "SAGEMAKER_PIPELINE_ROLE_ARN");
        String bucket = a.required("bucket", "ARTIFACT_BUCKET");
        String region = a.required("region", "AWS_REGION");
        String image = a.required("sdk-image-uri", "MLOPS_SDK_IMAGE_URI");
        Duration timeout = timeout(a.optional("timeout", null).orElse(null));
        // The original names the pipeline, the group and the job prefix <name>-<id>, not $SAGEMAKER_PIPELINE_NAME.
        String nameId = projectName + "-" + projectId;
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("sagemaker:project-name", projectName);
        tags.put("sagemaker:project-id", projectId);

        Path work = Files.createTempDirectory("mlops-model-build");
        MlPipeline pipeline;
        byte[] jar;
        try (RepositoryBuild build = RepositoryBuild.compile(repository, work, log)) {
            pipeline = build.pipeline(new PipelineSettings(projectName, projectId, nameId, nameId, nameId, tags, region));
            jar = build.codeJar();
        } finally {
            BuildMain.deleteTree(work);
        }
        String codeKey = nameId + "/code/" + SdkBundle.sha256(jar) + ".jar";
        upload(clients, bucket, codeKey, jar);
        String codeUri = "s3://" + bucket + "/" + codeKey;
        log.println("code: " + codeUri + " (" + jar.length + " bytes)");

        PipelineTarget target = ImmutablePipelineTarget.builder().region(region).roleArn(roleArn).defaultBucket(bucket)
                .baseJobPrefix(nameId).modelPackageGroupName(nameId).codeUri(codeUri).sdkImageUri(image).build();
        String definition = PipelineDefinitionRenderer.of(target).render(pipeline);
        log.println("pipeline definition of " + nameId + ":");
        log.println(definition);

        String description = "Model build of SageMaker project " + projectName + " (" + projectId + ")"
                + Optional.ofNullable(a.env().get("CODEBUILD_RESOLVED_SOURCE_VERSION"))
                        .map(c -> ", commit " + c).orElse("");
        String arn = upsert(clients, bucket, nameId, definition, description, roleArn, tags, log);
        String token = SdkBundle.sha256(Optional.ofNullable(a.env().get("CODEBUILD_BUILD_ID"))
                .orElse(java.util.UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8));
        String execution = clients.sageMaker().startPipelineExecution(r -> r.pipelineName(nameId)
                .pipelineExecutionDescription(description).clientRequestToken(token)).pipelineExecutionArn();
        log.println("started " + execution + " of " + arn + "; waiting up to " + timeout);

        ExecutionWatch watch = new ExecutionWatch(clients.sageMaker(), waits, log);
        ExecutionWatch.Outcome outcome = watch.await(execution, timeout);
        if (outcome.succeeded()) {
            log.println("execution " + execution + " succeeded");
            return 0;
        }
        if (!Set.of("Failed", "Stopped").contains(outcome.status())) {
            log.println("execution " + execution + " is still " + outcome.status() + " after " + timeout
                    + "; it goes on in SageMaker (StopPipelineExecution stops it)");
            return BuildMain.FAILED;
        }
        log.println("execution " + execution + " " + outcome.status().toLowerCase(java.util.Locale.ROOT)
                + (outcome.failures().isEmpty() ? "" : ":"));
        outcome.failures().forEach(f -> log.println("  " + f));
        return BuildMain.FAILED;
    }

    private static Duration timeout(String text) {
        if (text == null) {
            return DEFAULT_TIMEOUT;
        }
        try {
            Duration d = Duration.parse(text);
            if (d.isNegative() || d.isZero()) {
                throw new UsageException("--timeout", text, "a positive ISO-8601 duration such as PT2H");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new UsageException("--timeout", text, "an ISO-8601 duration such as PT2H");
        }
    }

    private static void upload(BuildClients clients, String bucket, String key, byte[] bytes) {
        // Content-addressed: an object at the key has these bytes already.
        try {
            clients.s3().headObject(r -> r.bucket(bucket).key(key));
            return;
        } catch (AwsServiceException e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
        clients.s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    /** CreatePipeline, or UpdatePipeline (and AddTags) when it exists, as the SageMaker Python SDK's upsert does. */
    static String upsert(BuildClients clients, String bucket, String name, String definition, String description,
            String roleArn, Map<String, String> tags, PrintStream log) {
        List<Tag> tagList = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        boolean inline = definition.length() <= INLINE_DEFINITION_LIMIT;
        String definitionKey = name + "/definitions/" + SdkBundle.sha256(definition.getBytes(StandardCharsets.UTF_8))
                + ".json";
        if (!inline) {
            upload(clients, bucket, definitionKey, definition.getBytes(StandardCharsets.UTF_8));
        }
        // Create first and update on "already exists", as the SageMaker Python SDK's upsert does.
        try {
            String arn = clients.sageMaker().createPipeline(r -> {
                r.pipelineName(name).pipelineDisplayName(name).pipelineDescription(description).roleArn(roleArn)
                        .tags(tagList);
                if (inline) {
                    r.pipelineDefinition(definition);
                } else {
                    r.pipelineDefinitionS3Location(l -> l.bucket(bucket).objectKey(definitionKey));
                }
            }).pipelineArn();
            log.println("created pipeline " + arn);
            return arn;
        } catch (SageMakerException e) {
            if (!alreadyExists(e)) {
                throw e;
            }
        }
        String arn = clients.sageMaker().updatePipeline(r -> {
            r.pipelineName(name).pipelineDisplayName(name).pipelineDescription(description).roleArn(roleArn);
            if (inline) {
                r.pipelineDefinition(definition);
            } else {
                r.pipelineDefinitionS3Location(l -> l.bucket(bucket).objectKey(definitionKey));
            }
        }).pipelineArn();
        if (arn == null) {
            throw new MlopsBackendException("UpdatePipeline of " + name + " answered without the pipeline's ARN", null);
        }
        clients.sageMaker().addTags(r -> r.resourceArn(arn).tags(tagList));
        log.println("updated pipeline " + arn);
        return arn;
    }

    private static boolean alreadyExists(SageMakerException e) {
        String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
        String message = String.valueOf(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
        return "ResourceInUse".equals(code) || ("ValidationException".equals(code) && message.contains("already exists"));
    }
}
