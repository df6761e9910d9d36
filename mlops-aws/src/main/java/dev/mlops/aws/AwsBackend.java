package dev.mlops.aws;

import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.aws.internal.AwsClients;
import dev.mlops.aws.internal.RateLimits;
import dev.mlops.aws.internal.S3Artifacts;
import dev.mlops.aws.internal.pipeline.CodePipelineOrchestrator;
import dev.mlops.aws.internal.endpoints.SageMakerEndpoints;
import dev.mlops.aws.internal.registry.SageMakerModelRegistry;
import dev.mlops.aws.internal.repositories.CodeCommitRepositories;
import dev.mlops.aws.cfn.AwsRoles;
import dev.mlops.aws.internal.projects.CfnStackRenderer;
import dev.mlops.aws.internal.projects.FirstPartyProducts;
import dev.mlops.aws.internal.projects.ProjectRoles;
import dev.mlops.aws.internal.projects.SageMakerProjectStore;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.spi.ArtifactStore;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.Backend;
import dev.mlops.spi.ConfigKey;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.EndpointHost;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.spi.ProjectStore;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Template;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The AWS backend. Its clients are built once, on first use, and shared by every project and thread; close the
 * backend to release them.
 *
 * <pre>{@code
 * try (AwsBackend aws = AwsBackend.builder().region(Region.EU_WEST_1).build();
 *      Project p = MlopsProjects.builder().name("abalone").backend(aws).create()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Credentials and region come from the SDK's default chains unless given. The SDK's standard retry mode (with its
 * jitter) is the only retry layer; a Resilience4j rate limiter per service paces every request and a circuit breaker
 * per service holds off calls while a service keeps failing.
 */
public final class AwsBackend implements Backend {
    /** The backend's name, for {@code MlopsProjects.builder().backend("aws")}. */
    public static final String NAME = "aws";
    /** Config key: the region, e.g. {@code eu-west-1}. */
    public static final ConfigKey<String> REGION = ConfigKey.string("region", "the AWS region");
    /** Config key: one endpoint for every service (LocalStack, moto), e.g. {@code http://127.0.0.1:5000}. */
    public static final ConfigKey<String> ENDPOINT = ConfigKey.string("endpoint",
            "one endpoint URL for every AWS service, for emulators");

    private final AwsClients clients;
    private final AwsCalls calls;
    private final WaitPolicy waits;
    private final WaitPolicy longWaits;
    private final S3Artifacts artifacts;
    private final CodePipelineOrchestrator orchestrator;
    private final SageMakerModelRegistry registry;
    private final SageMakerEndpoints endpoints;
    private final CodeCommitRepositories repositories;
    private final SageMakerProjectStore projects;
    private final dev.mlops.aws.internal.monitors.SageMakerMonitors monitors;

    private AwsBackend(Builder b) {
        SdkHttpClient http = b.httpClient != null ? b.httpClient : ApacheHttpClient.builder().build();
        RetryStrategy retry = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(b.maxAttempts)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(20)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(20)))
                .build();
        Region region = b.region != null ? b.region : new DefaultAwsRegionProviderChain().getRegion();
        AwsCredentialsProvider credentials = b.credentials != null ? b.credentials : DefaultCredentialsProvider.builder()
                .build();
        this.clients = new AwsClients(region, credentials, http, b.httpClient == null, b.overrides, retry,
                b.interceptors, new RateLimits(b.rates));
        this.calls = new AwsCalls(clients, b.breakerOpenFor);
        this.waits = b.waits != null ? b.waits : WaitPolicy.remote();
        // Stacks and endpoints change in minutes: AWS's own waiters poll them every 30 s.
        this.longWaits = b.waits != null ? b.waits
                : WaitPolicy.backoff(Duration.ofSeconds(5), Duration.ofSeconds(30), 2.0, dev.mlops.spi.Ticker.system());
        Path cache = b.cache != null ? b.cache : defaultCache();
        this.artifacts = new S3Artifacts(calls, waits, cache);
        this.orchestrator = new CodePipelineOrchestrator(calls, waits);
        this.registry = new SageMakerModelRegistry(calls, waits);
        this.endpoints = new SageMakerEndpoints(calls, longWaits);
        this.repositories = new CodeCommitRepositories(calls, waits);
        this.projects = new SageMakerProjectStore(calls, longWaits, new CfnStackRenderer(b.roles), ProjectRoles.of(b.roles),
                b.products, b.sdkImage != null ? b.sdkImage
                        : dev.mlops.aws.internal.images.SdkImageSource.pushed(clients::ecr));
        this.monitors = new dev.mlops.aws.internal.monitors.SageMakerMonitors(calls, waits);
    }

    private static Path defaultCache() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "mlops-aws-" + System.getProperty("user.name", "user"));
        try {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: its own permissions apply.
            }
            return dir.toRealPath();
        } catch (IOException e) {
            throw new MlopsBackendException("Could not make the artifact cache " + dir + ": " + e.getMessage()
                    + "; set one with AwsBackend.builder().cacheDirectory(…)", e);
        }
    }

    @Override
    public Optional<ArtifactStore> artifacts() {
        return Optional.of(artifacts);
    }

    @Override
    public Optional<Orchestrator> orchestrator() {
        return Optional.of(orchestrator);
    }

    /** The SageMaker Model Registry: the project's model package group {@code <name>-<id>}. */
    @Override
    public Optional<ModelRegistry> registry() {
        return Optional.of(registry);
    }

    /** SageMaker real-time endpoints {@code <name>-<environment>}, undeployed through their deploy stacks. */
    @Override
    public Optional<EndpointHost> endpoints() {
        return Optional.of(endpoints);
    }

    /** CodeCommit repositories {@code sagemaker-<name>-<id>-<role>}. */
    @Override
    public Optional<SourceRepositories> repositories() {
        return Optional.of(repositories);
    }

    /**
     * Projects as SageMaker projects: {@code create} checks the account first ({@link #preflight}), provisions the
     * project stack through SageMaker and reports its stack events as they happen; {@code delete} removes the project
     * and what SageMaker's templates leave behind (the endpoint stacks {@code sagemaker-<name>-<id>-deploy-staging}
     * and {@code -prod}, and the emptied artifact bucket {@code sagemaker-project-<id>}).
     *
     * @return the store
     */
    /**
     * The project's monitors: none in this release (the Model Monitor template is refused at rendering), so its
     * schedules list is empty; Model Monitor on SageMaker comes with the next release.
     *
     * @return the monitors
     */
    @Override
    public Optional<dev.mlops.spi.MonitorRunner> monitors() {
        return Optional.of(monitors);
    }

    @Override
    public Optional<ProjectStore> projectStore() {
        return Optional.of(projects);
    }

    /**
     * Checks, before anything is made, that a project can be created in this account and region: its name, the
     * services it uses in the region, the roles its stack uses and the services they trust, CodeCommit's availability,
     * and SageMaker's Service Catalog portfolio when the template is provisioned from a product. Creation runs the
     * same checks and refuses with every error found.
     *
     * @param projectName the project's name
     * @param template its template
     * @return every problem found, each with its fix
     */
    public Preflight preflight(String projectName, Template template) {
        if (template == null) {
            throw new ValidationException("template", null, "a template");
        }
        return projects.preflight(projectName, template);
    }

    /**
     * A builder with the SDK's default region and credentials chains.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A backend with the SDK's default region and credentials chains.
     *
     * @return the backend
     */
    public static AwsBackend create() {
        return builder().build();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return the region this backend works in */
    public Region region() {
        return clients.region();
    }

    /**
     * The allowed request rate of a service.
     *
     * @param service the service
     * @return requests per second
     */
    public double rateLimit(AwsService service) {
        return clients.rateLimits().rate(service);
    }

    AwsCalls calls() {
        return calls;
    }

    WaitPolicy waits() {
        return waits;
    }

    WaitPolicy longWaits() {
        return longWaits;
    }

    @Override
    public void close() {
        orchestrator.close();
        clients.close();
    }

    @Override
    public String toString() {
        return "AwsBackend{region=" + clients.region() + "}";
    }

    /** Builds an {@link AwsBackend}. */
    public static final class Builder {
        private Region region;
        private AwsCredentialsProvider credentials;
        private SdkHttpClient httpClient;
        private final Map<AwsService, URI> overrides = new EnumMap<>(AwsService.class);
        private final Map<AwsService, Double> rates = new EnumMap<>(AwsService.class);
        private final List<ExecutionInterceptor> interceptors = new ArrayList<>();
        private int maxAttempts = 5;
        private Duration breakerOpenFor = Duration.ofSeconds(30);
        private WaitPolicy waits;
        private Path cache;
        private final Map<String, String> products = new LinkedHashMap<>();
        private AwsRoles roles = AwsRoles.defaults();
        private dev.mlops.aws.internal.images.SdkImageSource sdkImage;

        private Builder() {
        }

        /**
         * Where fetched artifacts are kept (default {@code <tmpdir>/mlops-aws-<user>}, owner-only).
         *
         * @param directory the directory; made if missing
         * @return this builder
         */
        public Builder cacheDirectory(Path directory) {
            require("cacheDirectory", directory);
            try {
                Files.createDirectories(directory);
                this.cache = directory.toRealPath();
            } catch (IOException e) {
                throw new ValidationException("cacheDirectory", directory, "a directory this process can make and write ("
                        + e.getMessage() + ")");
            }
            return this;
        }

        /**
         * The region; by default the SDK's region chain ({@code AWS_REGION}, the profile, instance metadata).
         *
         * @param region the region
         * @return this builder
         */
        public Builder region(Region region) {
            this.region = require("region", region);
            return this;
        }

        /**
         * The credentials; by default the SDK's default chain.
         *
         * @param credentials the provider
         * @return this builder
         */
        public Builder credentialsProvider(AwsCredentialsProvider credentials) {
            this.credentials = require("credentialsProvider", credentials);
            return this;
        }

        /**
         * The HTTP client all service clients share (e.g. {@code UrlConnectionHttpClient.create()} for a small
         * footprint); by default an Apache HTTP client that the backend closes. A client given here is not closed
         * by the backend.
         *
         * @param httpClient the client
         * @return this builder
         */
        public Builder httpClient(SdkHttpClient httpClient) {
            this.httpClient = require("httpClient", httpClient);
            return this;
        }

        /**
         * Sends one service's requests to another endpoint: a VPC endpoint, LocalStack, moto or a stub.
         *
         * @param service the service
         * @param endpoint its URL
         * @return this builder
         */
        public Builder endpointOverride(AwsService service, URI endpoint) {
            require("endpointOverride.service", service);
            overrides.put(service, checkUri(endpoint));
            return this;
        }

        /**
         * Sends every service's requests to one endpoint (an emulator).
         *
         * @param endpoint its URL
         * @return this builder
         */
        public Builder endpointOverride(URI endpoint) {
            URI e = checkUri(endpoint);
            for (AwsService s : AwsService.values()) {
                overrides.put(s, e);
            }
            return this;
        }

        /**
         * The requests per second this backend allows itself for a service (default {@link AwsService#defaultRate()}).
         *
         * @param service the service
         * @param perSecond a positive rate
         * @return this builder
         */
        public Builder rateLimit(AwsService service, double perSecond) {
            require("rateLimit.service", service);
            if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
                throw new ValidationException("rateLimit." + service.modelName(), perSecond, "a positive, finite rate");
            }
            rates.put(service, perSecond);
            return this;
        }

        /**
         * The attempts per call of the SDK's standard retry mode, the first included (default 5).
         *
         * @param maxAttempts 1 to 20
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 20) {
                throw new ValidationException("maxAttempts", maxAttempts, "between 1 and 20");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * How long a service's circuit breaker, once open, holds calls off (default 30 s).
         *
         * @param openFor a positive duration
         * @return this builder
         */
        public Builder circuitBreakerOpenFor(Duration openFor) {
            if (openFor == null || openFor.isNegative() || openFor.isZero()) {
                throw new ValidationException("circuitBreakerOpenFor", openFor, "a positive duration");
            }
            this.breakerOpenFor = openFor;
            return this;
        }

        /**
         * How every component paces the polls of a wait; by default backoff with jitter from 1 s to 10 s, and from
         * 5 s to 30 s for stacks and endpoints (AWS's waiters poll those every 30 s).
         *
         * @param waits the policy
         * @return this builder
         */
        public Builder waitPolicy(WaitPolicy waits) {
            this.waits = require("waitPolicy", waits);
            return this;
        }

        /**
         * Adds an SDK interceptor to every client (metrics, request logging, tests' validation).
         *
         * @param interceptor the interceptor
         * @return this builder
         */
        public Builder addExecutionInterceptor(ExecutionInterceptor interceptor) {
            interceptors.add(require("executionInterceptor", interceptor));
            return this;
        }

        /**
         * The IAM roles project stacks use (default: Studio's {@code AmazonSageMakerServiceCatalogProducts*Role}
         * roles under {@code /service-role/}); the preflight checks these roles and their trust.
         *
         * @param roles the roles
         * @return this builder
         */
        public Builder roles(AwsRoles roles) {
            this.roles = require("roles", roles);
            return this;
        }

        /**
         * Names a prebuilt SDK image for the project stacks to run (the model build's processing steps and, unless
         * {@code MonitorImageUri} names another, the monitors), instead of building this process's SDK image with
         * Jib and pushing it to the account's ECR repository {@code mlops-sdk} when a stack first needs it.
         *
         * @param imageUri {@code <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>} or
         *     {@code …@sha256:<digest>}
         * @return this builder
         * @throws ValidationException if it is not an ECR image URI
         */
        public Builder sdkImage(String imageUri) {
            this.sdkImage = dev.mlops.aws.internal.images.SdkImageSource.prebuilt("sdkImage", imageUri);
            return this;
        }

        /**
         * Provisions the SageMaker-provided templates ({@code dev.mlops.template.Templates}) from their Service Catalog
         * products, as Studio does, instead of from the stack this backend renders. The products are found by their
         * Studio names in the portfolio SageMaker imports when projects are enabled; other templates are still
         * provisioned from the rendered stack. The same handles operate the projects either way.
         *
         * @return this builder
         */
        public Builder provisionThroughServiceCatalog() {
            FirstPartyProducts.byTemplateId().forEach(products::putIfAbsent);
            return this;
        }

        /**
         * Provisions a template from a Service Catalog product (found by name among the products the caller may
         * launch, at its newest active version).
         *
         * @param templateId the template's id
         * @param productName the product's name
         * @return this builder
         */
        public Builder serviceCatalogProduct(String templateId, String productName) {
            require("serviceCatalogProduct.templateId", templateId);
            if (productName == null || productName.isBlank()) {
                throw new ValidationException("serviceCatalogProduct.productName", productName, "a product name");
            }
            products.put(templateId, productName);
            return this;
        }

        /**
         * Builds the backend; no client is made until a component needs it.
         *
         * @return the backend
         */
        public AwsBackend build() {
            return new AwsBackend(this);
        }

        private static URI checkUri(URI endpoint) {
            require("endpointOverride", endpoint);
            if (endpoint.getScheme() == null || endpoint.getHost() == null
                    || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))) {
                throw new ValidationException("endpointOverride", endpoint, "an http or https URL with a host");
            }
            return endpoint;
        }

        private static <T> T require(String field, T value) {
            if (value == null) {
                throw new ValidationException(field, null, "a value");
            }
            return value;
        }
    }
}
