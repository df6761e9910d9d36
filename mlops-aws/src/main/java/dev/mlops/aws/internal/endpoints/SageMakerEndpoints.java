package dev.mlops.aws.internal.endpoints;

import dev.mlops.aws.AwsService;
import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.aws.internal.AwsComponent;
import dev.mlops.aws.internal.AwsErrors;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.EndpointHost;
import dev.mlops.spi.EndpointInfo;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Capability;
import dev.mlops.template.Templates;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelResponse;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;

/**
 * SageMaker real-time endpoints as an {@link EndpointHost}. The originals make a project's endpoints
 * ({@code <name>-staging}, {@code <name>-prod}) through the deploy pipeline's CloudFormation stacks
 * {@code sagemaker-<name>-<id>-deploy-<environment>}; this host reads them ({@code DescribeEndpoint}, and the model
 * package served through the endpoint config and the model), invokes them through SageMaker Runtime, and undeploys
 * them by deleting their stack (or, for an endpoint made without one, the endpoint itself), waiting until it is gone.
 * Its waits pace their polls as the backend's long waits do (5 s doubling to 30 s, AWS's waiter cadence).
 */
public final class SageMakerEndpoints extends AwsComponent implements EndpointHost {
    private static final Logger LOG = LoggerFactory.getLogger(SageMakerEndpoints.class);
    /** How long a stack's deletion may take (an endpoint's deletion is minutes). */
    private static final Duration STACK_DELETION = Duration.ofMinutes(30);
    /** How long an endpoint's deletion may take. */
    private static final Duration ENDPOINT_DELETION = Duration.ofMinutes(20);

    /**
     * Creates the host.
     *
     * @param calls the backend's calls
     * @param longWaits how waits for endpoints and stacks pace their polls
     */
    public SageMakerEndpoints(AwsCalls calls, WaitPolicy longWaits) {
        super(calls, longWaits);
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.ENDPOINTS);
    }

    /**
     * The endpoint, with the model package it serves when its model was made from one (the originals' deploy
     * template makes it so).
     */
    @Override
    public Optional<EndpointInfo> describe(ProjectRecord project, String endpointName) {
        return describeEndpoint(endpointName).map(e -> new EndpointInfo(e.endpointName(),
                environment(project, endpointName).orElse(""), EndpointStatuses.of(e.endpointStatusAsString()),
                servedPackage(e), Optional.of(invocationsUrl(endpointName)),
                e.lastModifiedTime() != null ? e.lastModifiedTime() : e.creationTime()));
    }

    @Override
    public byte[] invoke(ProjectRecord project, String endpointName, String contentType, String accept, byte[] body) {
        return invoke(endpointName, InvokeEndpointRequest.builder().endpointName(endpointName).contentType(contentType)
                .accept(accept).body(SdkBytes.fromByteArray(body)).build());
    }

    /** Passes the inference id as SageMaker's {@code InferenceId}, which data capture records with the request. */
    @Override
    public byte[] invoke(ProjectRecord project, String endpointName, String contentType, String accept, byte[] body,
            String inferenceId) {
        return invoke(endpointName, InvokeEndpointRequest.builder().endpointName(endpointName).contentType(contentType)
                .accept(accept).body(SdkBytes.fromByteArray(body)).inferenceId(inferenceId).build());
    }

    /**
     * Deletes the endpoint's stack {@code sagemaker-<name>-<id>-deploy-<environment>} and waits until it is gone; if
     * there is no such stack, or the endpoint outlived it, deletes the endpoint and waits for it to go.
     */
    @Override
    public boolean undeploy(ProjectRecord project, String endpointName) {
        Optional<String> stackName = environment(project, endpointName).map(e -> project.resourceName("deploy-" + e));
        Map<String, String> ctx = Map.of("project", project.name(), "endpoint", endpointName);
        if (stackName.isPresent() && stack(stackName.get()).isPresent()) {
            String name = stackName.get();
            calls.call(AwsService.CLOUDFORMATION, "delete stack " + name + " of endpoint " + endpointName, ctx,
                    () -> clients().cloudFormation().deleteStack(b -> b.stackName(name)));
            LOG.debug("Deleting stack {} of endpoint {}", name, endpointName);
            Polls.until("stack " + name + " of endpoint " + endpointName + " to be deleted", STACK_DELETION, waitPolicy(),
                    ctx, () -> {
                        Optional<Stack> s = stack(name);
                        if (s.isPresent() && "DELETE_FAILED".equals(s.get().stackStatusAsString())) {
                            throw new MlopsBackendException("Could not undeploy endpoint " + endpointName + ": its stack "
                                    + name + " failed to delete (" + s.get().stackStatusReason() + "); see the stack's"
                                    + " events in CloudFormation", null, ctx, false);
                        }
                        return s.isEmpty() ? Optional.of(true) : Optional.empty();
                    });
            if (describeEndpoint(endpointName).isPresent()) {
                // The stack did not own the endpoint (made beside it, or retained): delete it too.
                deleteEndpoint(endpointName, ctx);
            }
            return true;
        }
        if (describeEndpoint(endpointName).isEmpty()) {
            return false;
        }
        deleteEndpoint(endpointName, ctx);
        return true;
    }

    private void deleteEndpoint(String endpointName, Map<String, String> ctx) {
        calls.call(AwsService.SAGEMAKER, "delete endpoint " + endpointName, ctx, () -> AwsErrors.ignoringNotFound(
                () -> clients().sageMaker().deleteEndpoint(b -> b.endpointName(endpointName))));
        LOG.debug("Deleting endpoint {}", endpointName);
        Polls.until("endpoint " + endpointName + " to be deleted", ENDPOINT_DELETION, waitPolicy(), ctx,
                () -> describeEndpoint(endpointName).isEmpty() ? Optional.of(true) : Optional.empty());
    }

    /** Undeploys the endpoint of each of the template's environments (staging and prod for the originals). */
    @Override
    public void deleteProject(ProjectRecord project) {
        Set<String> environments = new LinkedHashSet<>(project.template().environments());
        if (environments.isEmpty()) {
            environments.addAll(List.of(Templates.STAGING, Templates.PROD));
        }
        for (String env : environments) {
            undeploy(project, project.endpointName(env));
        }
    }

    // ------------------------------------------------------------------------------------------------ reads

    private Optional<DescribeEndpointResponse> describeEndpoint(String name) {
        return optional(AwsService.SAGEMAKER, "describe endpoint " + name, Map.of("endpoint", name),
                () -> clients().sageMaker().describeEndpoint(b -> b.endpointName(name)));
    }

    /** The model package the endpoint's first variant serves, through its endpoint config and model. */
    private Optional<String> servedPackage(DescribeEndpointResponse e) {
        String configName = e.endpointConfigName();
        if (configName == null) {
            return Optional.empty();
        }
        Map<String, String> ctx = Map.of("endpoint", e.endpointName(), "endpointConfig", configName);
        Optional<String> model = optional(AwsService.SAGEMAKER, "describe endpoint config " + configName, ctx,
                () -> clients().sageMaker().describeEndpointConfig(b -> b.endpointConfigName(configName)))
                .flatMap(c -> c.productionVariants().stream().map(ProductionVariant::modelName).findFirst());
        if (model.isEmpty()) {
            return Optional.empty();
        }
        return optional(AwsService.SAGEMAKER, "describe model " + model.get() + " of endpoint " + e.endpointName(), ctx,
                () -> clients().sageMaker().describeModel(b -> b.modelName(model.get())))
                .flatMap(SageMakerEndpoints::packageOf);
    }

    private static Optional<String> packageOf(DescribeModelResponse m) {
        if (m.primaryContainer() != null && m.primaryContainer().modelPackageName() != null) {
            return Optional.of(m.primaryContainer().modelPackageName());
        }
        return m.containers().stream().map(ContainerDefinition::modelPackageName).filter(p -> p != null).findFirst();
    }

    private Optional<Stack> stack(String name) {
        return optional(AwsService.CLOUDFORMATION, "describe stack " + name, Map.of("stack", name),
                () -> clients().cloudFormation().describeStacks(b -> b.stackName(name)))
                .flatMap(r -> r.stacks().stream().findFirst())
                .filter(s -> !"DELETE_COMPLETE".equals(s.stackStatusAsString()));
    }

    private byte[] invoke(String endpointName, InvokeEndpointRequest request) {
        Map<String, String> ctx = Map.of("endpoint", endpointName);
        return calls.call(AwsService.SAGEMAKER_RUNTIME, "invoke endpoint " + endpointName, ctx, () -> {
            try {
                return clients().sageMakerRuntime().invokeEndpoint(request).body().asByteArray();
            } catch (ModelErrorException e) {
                int original = e.originalStatusCode() == null ? 0 : e.originalStatusCode();
                String text = "Endpoint " + endpointName + "'s model answered " + original + ": " + e.originalMessage();
                if (original >= 400 && original < 500) {
                    throw new MlopsClientException(text, e, Map.of("endpoint", endpointName,
                            "originalStatusCode", Integer.toString(original)));
                }
                throw new MlopsBackendException(text + " (see its CloudWatch log stream " + e.logStreamArn() + ")", e,
                        Map.of("endpoint", endpointName, "originalStatusCode", Integer.toString(original)), false);
            } catch (SdkException e) {
                if (AwsErrors.isNotFound(e)) {
                    throw new NotFoundException("endpoint", endpointName, "SageMaker has no endpoint of that name in "
                            + clients().region() + "; deploy it first");
                }
                throw e;
            }
        });
    }

    private URI invocationsUrl(String endpointName) {
        Optional<URI> override = clients().sageMakerRuntime().serviceClientConfiguration().endpointOverride();
        String base = override.map(u -> u.toString().replaceAll("/+$", "")).orElseGet(() -> {
            String suffix = clients().region().metadata() == null ? "amazonaws.com"
                    : clients().region().metadata().partition().dnsSuffix();
            return "https://runtime.sagemaker." + clients().region().id() + "." + suffix;
        });
        return URI.create(base + "/endpoints/" + endpointName + "/invocations");
    }

    /** The environment of a project's endpoint {@code <name>-<environment>}. */
    private static Optional<String> environment(ProjectRecord project, String endpointName) {
        String prefix = project.name() + "-";
        return endpointName.startsWith(prefix) && endpointName.length() > prefix.length()
                ? Optional.of(endpointName.substring(prefix.length())) : Optional.empty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private <T> Optional<T> optional(AwsService service, String what, Map<String, String> ctx, Supplier<T> call) {
        return calls.call(service, what, ctx, () -> {
            try {
                return Optional.of(call.get());
            } catch (SdkException e) {
                if (AwsErrors.isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }
}
