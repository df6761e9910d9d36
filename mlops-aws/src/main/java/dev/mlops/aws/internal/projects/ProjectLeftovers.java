package dev.mlops.aws.internal.projects;

import dev.mlops.aws.AwsService;
import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.aws.internal.AwsErrors;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.event.ProjectListener;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.WaitPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * What deleting a SageMaker project leaves behind, removed: the endpoint stacks the deploy pipelines made outside the
 * project stack ({@code sagemaker-<name>-<id>-deploy-<environment>}), which keep endpoints running and billed, and the
 * artifact bucket {@code sagemaker-project-<id>}, which the templates retain, emptied of every object version first.
 */
final class ProjectLeftovers {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectLeftovers.class);
    private static final Duration STACK_DELETE_TIMEOUT = Duration.ofMinutes(30);

    private final AwsCalls calls;
    private final WaitPolicy waits;

    ProjectLeftovers(AwsCalls calls, WaitPolicy waits) {
        this.calls = calls;
        this.waits = waits;
    }

    /** The endpoint stacks' names, as the originals' deploy stages name them. */
    static List<String> endpointStacks(ProjectRecord project) {
        TreeSet<String> envs = new TreeSet<>(project.template().environments());
        envs.add("staging");
        envs.add("prod");
        List<String> out = new ArrayList<>();
        envs.forEach(e -> out.add(project.resourceName("deploy-" + e)));
        return out;
    }

    void remove(ProjectRecord project, ProjectListener progress) {
        for (String stack : endpointStacks(project)) {
            deleteStack(project, stack, progress);
        }
        deleteBucket(project, "sagemaker-project-" + project.id(), progress);
    }

    private void deleteStack(ProjectRecord project, String name, ProjectListener progress) {
        Map<String, String> ctx = Map.of("project", project.name(), "stack", name);
        Optional<Stack> stack = describe(name, ctx);
        if (stack.isEmpty() || "DELETE_COMPLETE".equals(stack.get().stackStatusAsString())) {
            return;
        }
        String id = stack.get().stackId();
        calls.call(AwsService.CLOUDFORMATION, "delete endpoint stack " + name, ctx,
                () -> calls.clients().cloudFormation().deleteStack(r -> r.stackName(id)));
        report(progress, project, name, "Deleting endpoint stack " + name);
        long deadline = waits.ticker().nanoTime() + STACK_DELETE_TIMEOUT.toNanos();
        WaitPolicy.Pacer pacer = waits.begin();
        while (true) {
            long mark = pacer.mark();
            Optional<Stack> now = describe(id, ctx);
            String status = now.map(Stack::stackStatusAsString).orElse("DELETE_COMPLETE");
            if ("DELETE_COMPLETE".equals(status)) {
                report(progress, project, name, "Deleted endpoint stack " + name);
                return;
            }
            if ("DELETE_FAILED".equals(status)) {
                throw new MlopsBackendException("Could not delete endpoint stack " + name + " of project " + project.name()
                        + ": " + now.get().stackStatusReason() + "; remove what holds it (see the stack's events) and"
                        + " delete the project again", null, ctx, false);
            }
            if (waits.ticker().nanoTime() >= deadline) {
                throw new MlopsBackendException("Endpoint stack " + name + " of project " + project.name() + " is still "
                        + status + " after " + STACK_DELETE_TIMEOUT + "; delete the project again to go on waiting", null,
                        ctx, true);
            }
            pause(pacer, mark, deadline);
        }
    }

    private Optional<Stack> describe(String stack, Map<String, String> ctx) {
        return calls.call(AwsService.CLOUDFORMATION, "describe stack " + stack, ctx, () -> {
            try {
                return calls.clients().cloudFormation().describeStacks(r -> r.stackName(stack)).stacks().stream().findFirst();
            } catch (SdkException e) {
                if (AwsErrors.isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    private void deleteBucket(ProjectRecord project, String bucket, ProjectListener progress) {
        Map<String, String> ctx = Map.of("project", project.name(), "bucket", bucket);
        int removed = 0;
        String keyMarker = null;
        String versionMarker = null;
        while (true) {
            String km = keyMarker;
            String vm = versionMarker;
            Optional<ListObjectVersionsResponse> page = calls.call(AwsService.S3, "list the object versions of bucket "
                    + bucket, ctx, () -> {
                        try {
                            return Optional.of(calls.clients().s3().listObjectVersions(r -> r.bucket(bucket).keyMarker(km)
                                    .versionIdMarker(vm).maxKeys(1000)));
                        } catch (SdkException e) {
                            if (AwsErrors.isNotFound(e) || (e instanceof AwsServiceException a && a.statusCode() == 404)) {
                                return Optional.empty();
                            }
                            throw e;
                        }
                    });
            if (page.isEmpty()) {
                return;   // no bucket: nothing left
            }
            List<ObjectIdentifier> ids = new ArrayList<>();
            page.get().versions().forEach(v -> ids.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
            page.get().deleteMarkers().forEach(m -> ids.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId())
                    .build()));
            if (!ids.isEmpty()) {
                calls.call(AwsService.S3, "delete " + ids.size() + " object versions of bucket " + bucket, ctx,
                        () -> calls.clients().s3().deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(ids).quiet(true))));
                removed += ids.size();
            }
            if (!Boolean.TRUE.equals(page.get().isTruncated())) {
                break;
            }
            keyMarker = page.get().nextKeyMarker();
            versionMarker = page.get().nextVersionIdMarker();
        }
        calls.call(AwsService.S3, "delete bucket " + bucket, ctx, () -> calls.clients().s3().deleteBucket(r -> r.bucket(bucket)));
        LOG.debug("Deleted artifact bucket {} after removing {} object versions", bucket, removed);
        report(progress, project, bucket, "Deleted artifact bucket " + bucket + " (" + removed + " object versions removed)");
    }

    private void report(ProjectListener progress, ProjectRecord project, String subject, String message) {
        try {
            progress.onEvent(new ProjectEvent("leftover-" + subject + "-" + waits.ticker().now().toEpochMilli(),
                    waits.ticker().now(), project.name(), ProjectEventType.ProvisioningProgress, subject, message,
                    Map.of("projectId", project.id())));
        } catch (RuntimeException e) {
            LOG.debug("A progress listener failed on {}; ignored", message, e);
        }
    }

    private static void pause(WaitPolicy.Pacer pacer, long mark, long deadline) {
        try {
            pacer.pause(mark, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlopsBackendException("Interrupted while waiting for a stack to be deleted", e);
        }
    }
}
