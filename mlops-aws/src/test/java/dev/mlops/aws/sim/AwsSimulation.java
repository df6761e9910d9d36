package dev.mlops.aws.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.faults.FaultProxy;
import dev.mlops.aws.fakes.ActionContext;
import dev.mlops.aws.fakes.ActionOutcome;
import dev.mlops.aws.fakes.FakeAction;
import dev.mlops.aws.fakes.FakeCodePipeline;
import dev.mlops.aws.fakes.FakePipeline;
import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.aws.fixtures.AwsWire;
import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.aws.projects.FakeSageMakerProjects;
import dev.mlops.aws.projects.MotoBucketPolicies;
import dev.mlops.aws.projects.ProjectsFixture;
import dev.mlops.aws.repositories.FakeCodeCommit;
import dev.mlops.spi.Ticker;
import dev.mlops.spi.WaitPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.PutFileEntry;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageSummary;

/**
 * AWS on loopback, for whole flows: moto for what it emulates well (S3, IAM, STS, CloudFormation, the SageMaker
 * registry and endpoints, runtime invocations), the fakes for the rest (SageMaker projects, CodePipeline with
 * CodeBuild and its logs, CodeCommit), one {@link FaultProxy} in front that routes each request by its target and
 * can inject faults. The simulation plays what no emulator does:
 *
 * <ul>
 *   <li><b>CloudFormation for types moto lacks.</b> When a project is created, it reads the project's stack from moto
 *       and makes its CodeCommit repositories (seeded from the seed archives in S3), its model package group and its
 *       CodePipeline pipelines, and starts each pipeline once, as CodePipeline does on creation.</li>
 *   <li><b>Third-party repositories</b> (template F): the connections ({@link #connection}, answered as CodeConnections
 *       answers), the stack's seed check-in custom resources (the seed archive checked in to the test's
 *       {@link ThirdPartyGit} host), the {@code CodeStarSourceConnection} sources (the revision is the host's head) and
 *       the V2 pipelines' push triggers ({@link #pushed}).</li>
 *   <li><b>EventBridge.</b> A commit, a model version's approval change, or a new SageMaker image version becomes the
 *       event AWS emits; each rule of the stack whose pattern matches starts its target pipeline.</li>
 *   <li><b>Image builds</b> ({@link SimulatedImageBuilds}): the SageMaker images, and the image build action's push to
 *       moto's ECR and {@code CreateImageVersion}, unless the build context was built before.</li>
 *   <li><b>The work of the actions.</b> The model build registers a version (model artifact and evaluation report in
 *       the project's bucket) in moto's registry; the deploy build picks the version to deploy; the deploy actions
 *       make the endpoint stack and the endpoint {@code <name>-<env>} in moto; the test action checks the endpoint.
 *       What these actions run on real AWS (a SageMaker pipeline, the deploy build's script) is the next release's
 *       work; here they are played, and their outcome is what the product reads.</li>
 * </ul>
 */
public final class AwsSimulation implements AutoCloseable {
    /** Quick polls: the fakes' executions take tens of milliseconds. */
    public static final WaitPolicy QUICK = WaitPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(250), 2.0,
            Ticker.system());
    /** The image the played registrations name, SageMaker's XGBoost image in us-east-1. */
    public static final String XGBOOST_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTIONS_TARGET = "com.amazonaws.codeconnections.CodeConnections_20231201.";
    private static final Set<String> PROJECT_OPERATIONS = Set.of("CreateProject", "DescribeProject", "ListProjects",
            "DeleteProject", "UpdateProject", "GetSagemakerServicecatalogPortfolioStatus",
            "EnableSagemakerServicecatalogPortfolio");

    private final MotoServer moto;
    private final FakeCodePipeline pipelines;
    private final FakeCodeCommit codeCommit;
    private final FakeSageMakerProjects projects;
    private final WireMockServer gaps;
    private final FaultProxy front;
    private final SageMakerClient sageMaker;
    private final SimulatedImageBuilds images;
    private final S3Client s3;
    private final CloudFormationClient cfn;
    private final CodePipelineClient codePipeline;
    private final CodeCommitClient commits;
    private final MotoBucketPolicies policies;
    private final Map<String, Played> played = new ConcurrentHashMap<>();
    private final FakeModelMonitor modelMonitor = new FakeModelMonitor();
    private final MonitorPlay monitorPlay;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> deletedPackages = new CopyOnWriteArrayList<>();
    private final Map<String, String> templates = new ConcurrentHashMap<>();
    private final List<String> pipelineNames = new CopyOnWriteArrayList<>();
    private final List<String> checkIns = new CopyOnWriteArrayList<>();
    /** Pipeline name → the repository and branches its V2 push trigger watches. */
    private final Map<String, PushTrigger> pushTriggers = new ConcurrentHashMap<>();
    private volatile ThirdPartyGit thirdParty;
    private final Thread clock;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicLong playNanos = new java.util.concurrent.atomic.AtomicLong();
    /** The resource types moto's CloudFormation makes, of those the project stack has. */
    private static final Set<String> MOTO_TYPES = Set.of("AWS::S3::Bucket", "AWS::S3::BucketPolicy", "AWS::ECR::Repository");

    /** What the simulation made for one project. */
    private static final class Played {
        final String name;
        final String id;
        final StackTemplate stack;
        final List<Rule> rules = new ArrayList<>();
        final Map<String, String> deployArn = new ConcurrentHashMap<>();

        Played(String name, String id, StackTemplate stack) {
            this.name = name;
            this.id = id;
            this.stack = stack;
        }
    }

    private record Rule(String name, JsonNode pattern, List<String> targetPipelines, List<ApiTarget> apiTargets) {
    }

    /** An EventBridge API destination target: where it calls, and the query the target adds. */
    private record ApiTarget(URI endpoint, String method, Map<String, String> query) {
    }

    /**
     * What an API destination calls (EventBridge's HTTP call to a third party, e.g. a Jenkins job's
     * {@code buildWithParameters}); the simulation hands each call to it, as EventBridge makes it with the
     * connection's credentials.
     */
    @FunctionalInterface
    public interface ApiDestinationCall {
        /**
         * Makes the call.
         *
         * @param endpoint the destination's invocation endpoint
         * @param method its HTTP method
         * @param query the target's query string parameters
         * @return the HTTP status
         */
        int call(URI endpoint, String method, Map<String, String> query);
    }

    private volatile ApiDestinationCall apiDestinations;
    private final List<String> apiCalls = new CopyOnWriteArrayList<>();

    private record PushTrigger(String fullName, List<String> branches) {
    }

    private AwsSimulation(double faultShare, long seed) throws IOException {
        this.moto = MotoServer.shared();
        moto.reset();
        URI m = moto.endpoint();
        this.pipelines = FakeCodePipeline.start();
        this.codeCommit = new FakeCodeCommit();
        this.projects = new FakeSageMakerProjects(m);
        this.gaps = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                .extensions(new SimulatedRuntime(this::endpointExists), modelMonitor));
        gaps.start();
        // moto has no monitoring schedules: the fake answers them (the job definitions are moto's).
        FakeModelMonitor.OPERATIONS.forEach(op -> gaps.stubFor(AwsWire.awsJson("sagemaker", op)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok())));
        gaps.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/endpoints/[^/]+/invocations"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok()));
        // moto has no DeleteModelPackage(Group): answer as SageMaker does, and record what was deleted.
        gaps.stubFor(AwsWire.awsJson("sagemaker", "DeleteModelPackage").willReturn(
                AwsWire.awsJsonResponse("sagemaker", "DeleteModelPackage", "{}")));
        gaps.stubFor(AwsWire.awsJson("sagemaker", "DeleteModelPackageGroup").willReturn(
                AwsWire.awsJsonResponse("sagemaker", "DeleteModelPackageGroup", "{}")));
        this.images = new SimulatedImageBuilds(m, gaps, this::deliver);
        this.front = new FaultProxy(ex -> ex.getRequestURI().getPath().matches("/endpoints/[^/]+/invocations")
                ? URI.create("http://127.0.0.1:" + gaps.port())
                : route(ex.getRequestHeaders().getFirst("X-Amz-Target"), (byte[]) ex.getAttribute(FaultProxy.BODY)),
                faultShare, seed);
        front.inject(false);
        front.observe(this::carriedOut);
        this.sageMaker = AwsTestClients.configure(SageMakerClient.builder(), m, null).build();
        this.s3 = AwsTestClients.configure(S3Client.builder(), m, null).build();
        this.cfn = AwsTestClients.configure(CloudFormationClient.builder(), m, null).build();
        this.codePipeline = AwsTestClients.configure(CodePipelineClient.builder(), pipelines.endpoint(), null).build();
        this.commits = AwsTestClients.configure(CodeCommitClient.builder(), codeCommit.endpoint(), null).build();
        this.policies = new MotoBucketPolicies(m);
        this.monitorPlay = new MonitorPlay(sageMaker, s3, cfn, commits, modelMonitor, m);
        ProjectsFixture.allRoles(m);
        projects.stackBodies((project, body) -> {
            templates.put(project, body);
            return forMoto(body);
        });
        pipelines.declareOnDemand(name -> java.util.Optional.empty());
        // CodePipeline works on its own; the fake advances when asked: ask it, as time passes.
        this.clock = new Thread(this::tick, "aws-simulation-clock");
        clock.setDaemon(true);
        clock.start();
    }

    private void tick() {
        while (!closed) {
            for (String name : pipelineNames) {
                try {
                    codePipeline.getPipelineState(g -> g.name(name));
                } catch (RuntimeException e) {
                    // A throttled or stopped fake: the next tick asks again.
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Starts a simulation with no faults (turn them on with {@code front().inject(true)}).
     *
     * @param faultShare the share of calls that get a fault once injection is on
     * @param seed the faults' seed
     * @return the simulation
     * @throws IOException if a server cannot start
     */
    public static AwsSimulation start(double faultShare, long seed) throws IOException {
        return new AwsSimulation(faultShare, seed);
    }

    /**
     * An AWS backend of this simulation: every service through the front, every request validated.
     *
     * @param cache the artifact cache
     * @param validator the request validator
     * @return the builder, to change further
     */
    public AwsBackend.Builder backend(Path cache, ValidatingInterceptor validator) {
        return AwsBackend.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        AwsTestClients.ACCESS_KEY_ID, AwsTestClients.SECRET_ACCESS_KEY)))
                .endpointOverride(front.endpoint())
                .addExecutionInterceptor(validator).addExecutionInterceptor(policies)
                .waitPolicy(QUICK).cacheDirectory(cache).sdkImage(SDK_IMAGE);
    }

    /** The prebuilt SDK image the simulated stacks run: moto cannot emulate ECR's registry, so nothing is pushed. */
    public static final String SDK_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-sdk:sim";

    /**
     * The Git host of third-party repositories: the heads {@code CodeStarSourceConnection} sources read and where the
     * stacks' seed check-ins push.
     *
     * @param git the host
     * @return this simulation
     */
    public AwsSimulation thirdPartyGit(ThirdPartyGit git) {
        this.thirdParty = git;
        return this;
    }

    /**
     * Makes a CodeConnections connection, answered as {@code GetConnection} and {@code ListTagsForResource} answer
     * (botocore-validated stubs; the last call for an ARN wins).
     *
     * @param arn its ARN
     * @param name its name
     * @param status {@code AVAILABLE}, {@code PENDING} or {@code ERROR}
     * @param tags its tags
     */
    public void connection(String arn, String name, String status, Map<String, String> tags) {
        com.fasterxml.jackson.databind.node.ObjectNode c = JSON.createObjectNode();
        c.putObject("Connection").put("ConnectionName", name).put("ConnectionArn", arn).put("ProviderType", "GitHub")
                .put("OwnerAccountId", StackTemplate.ACCOUNT).put("ConnectionStatus", status);
        com.fasterxml.jackson.databind.node.ObjectNode t = JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode list = t.putArray("Tags");
        tags.forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
        gaps.stubFor(AwsWire.awsJson("codeconnections", "GetConnection")
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.ConnectionArn",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo(arn)))
                .willReturn(AwsWire.awsJsonResponse("codeconnections", "GetConnection", c.toString())));
        gaps.stubFor(AwsWire.awsJson("codeconnections", "ListTagsForResource")
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.ResourceArn",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo(arn)))
                .willReturn(AwsWire.awsJsonResponse("codeconnections", "ListTagsForResource", t.toString())));
    }

    /**
     * A push to a third-party repository, as the host's webhook tells CodePipeline: every V2 pipeline whose push
     * trigger watches that repository and branch starts.
     *
     * @param fullName {@code owner/name}
     * @param branch the branch pushed to
     */
    public void pushed(String fullName, String branch) {
        pushTriggers.forEach((pipeline, t) -> {
            if (t.fullName().equals(fullName) && t.branches().contains(branch)) {
                events.add("push " + fullName + "@" + branch + " -> " + pipeline);
                codePipeline.startPipelineExecution(x -> x.name(pipeline));
            }
        });
    }

    /** @return the seed check-ins the stacks' custom resources made, {@code owner/name@branch <commit>} */
    public List<String> checkIns() {
        return List.copyOf(checkIns);
    }

    /** @return the proxy in front of every service */
    public FaultProxy front() {
        return front;
    }

    /** @return moto */
    public MotoServer moto() {
        return moto;
    }

    /** @return the Model Monitor side: the schedules the monitor stacks made, and SageMaker running them */
    public MonitorPlay monitors() {
        return monitorPlay;
    }

    /** @return the CodePipeline fake */
    public FakeCodePipeline pipelines() {
        return pipelines;
    }

    /** @return the events the simulation's EventBridge delivered, as {@code <rule> -> <pipeline>} */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** @return the model packages (and groups) deleted through the gap SageMaker answers */
    public List<String> deletedPackages() {
        return List.copyOf(deletedPackages);
    }

    /** @return the image versions the played image builds registered, by SageMaker image name */
    public Map<String, List<String>> imageVersions() {
        return images.versions();
    }

    /** @return the validator of the simulation's own SageMaker image and ECR requests */
    public ValidatingInterceptor imageRequests() {
        return images.validator();
    }

    /** @return a SageMaker client on moto, for checks */
    public SageMakerClient sageMaker() {
        return sageMaker;
    }

    /** @return an S3 client on moto, for checks */
    public S3Client s3() {
        return s3;
    }

    /** @return a CloudFormation client on moto, for checks */
    public CloudFormationClient cloudFormation() {
        return cfn;
    }

    private boolean endpointExists(String name) {
        try {
            sageMaker.describeEndpoint(d -> d.endpointName(name));
            return true;
        } catch (software.amazon.awssdk.services.sagemaker.model.SageMakerException e) {
            return false;
        }
    }

    private URI route(String target, byte[] body) {
        if (target == null) {
            return moto.endpoint();
        }
        if (target.startsWith(CONNECTIONS_TARGET)) {
            return URI.create("http://127.0.0.1:" + gaps.port());   // moto has no CodeConnections: the stubs of connection()
        }
        String prefix = target.substring(0, Math.max(0, target.indexOf('.')));
        String op = target.substring(target.indexOf('.') + 1);
        switch (prefix) {
            case "CodePipeline_20150709":
            case "CodeBuild_20161006":
            case "Logs_20140328":
                return pipelines.endpoint();
            case "CodeCommit_20150413":
                return codeCommit.endpoint();
            case "AWS242ServiceCatalogService":
                return projects.endpoint();
            case "SageMaker":
                boolean aboutProject = body != null && new String(body, StandardCharsets.UTF_8).contains(":project/");
                if (PROJECT_OPERATIONS.contains(op) || (op.equals("ListTags") && aboutProject)) {
                    return projects.endpoint();
                }
                if (op.equals("DeleteModelPackage") || op.equals("DeleteModelPackageGroup")
                        || FakeModelMonitor.OPERATIONS.contains(op)) {
                    return URI.create("http://127.0.0.1:" + gaps.port());
                }
                return moto.endpoint();
            default:
                return moto.endpoint();
        }
    }

    private void carriedOut(String target, String method, String path, byte[] body, int status) {
        if (target == null || status != 200) {
            return;
        }
        try {
            JsonNode in = JSON.readTree(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
            switch (target) {
                case "SageMaker.CreateProject" -> play(in.path("ProjectName").asText());
                case "SageMaker.UpdateModelPackage" -> modelPackageChanged(in);
                case "CodeCommit_20150413.CreateCommit" -> committed(in);
                case "SageMaker.DeleteProject" -> played.remove(in.path("ProjectName").asText());
                case "SageMaker.DeleteModelPackage" -> deletedPackages.add(in.path("ModelPackageName").asText());
                case "SageMaker.DeleteModelPackageGroup" -> deletedPackages.add(in.path("ModelPackageGroupName").asText());
                default -> {
                }
            }
        } catch (IOException | RuntimeException e) {
            // Said here too: the front that observes the call may only answer it with an error.
            System.err.println("the simulation failed to play " + target + ": " + e);
            throw new IllegalStateException("the simulation failed to play " + target + ": " + e, e);
        }
    }

    // ------------------------------------------------------------------ the stack's resources moto lacks

    private synchronized void play(String project) throws IOException {
        if (played.containsKey(project)) {
            return;
        }
        long started = System.nanoTime();
        try {
            playStack(project);
        } finally {
            playNanos.addAndGet(System.nanoTime() - started);
        }
    }

    /** @return the time spent playing stacks inside {@code CreateProject} calls, in ms (AWS does this on its side) */
    public long playMillis() {
        return playNanos.get() / 1_000_000;
    }

    private void playStack(String project) throws IOException {
        var stack = cfn.describeStacks().stacks().stream()
                .filter(s -> !s.stackStatusAsString().startsWith("DELETE"))
                .filter(s -> s.parameters().stream().anyMatch(p -> p.parameterKey().equals("SageMakerProjectName")
                        && p.parameterValue().equals(project)))
                .findFirst().orElseThrow(() -> new IllegalStateException("no stack in moto for project " + project));
        Map<String, String> params = new LinkedHashMap<>();
        stack.parameters().forEach(p -> params.put(p.parameterKey(), p.parameterValue()));
        String body = templates.get(project);
        StackTemplate t = new StackTemplate(body, params);
        Played p = new Played(project, params.get("SageMakerProjectId"), t);
        t.resources("AWS::SageMaker::ModelPackageGroup").forEach((id, r) -> sageMaker.createModelPackageGroup(g -> g
                .modelPackageGroupName(t.physicalName(id)).modelPackageGroupDescription("made by the project stack")));
        t.resources("AWS::CodeCommit::Repository").forEach((id, r) -> seed(t, id, r));
        t.resources("AWS::CloudFormation::CustomResource").forEach((id, r) -> checkIn(t, id, r));
        images.playImages(t);
        t.resources("AWS::Events::Rule").forEach((id, r) -> {
            if (!t.made(r)) {
                return;
            }
            // API destination targets: their ARN is the destination's, which only EventBridge knows.
            com.fasterxml.jackson.databind.node.ObjectNode raw = (com.fasterxml.jackson.databind.node.ObjectNode)
                    r.path("Properties").deepCopy();
            List<ApiTarget> api = new ArrayList<>();
            com.fasterxml.jackson.databind.node.ArrayNode others = JSON.createArrayNode();
            raw.path("Targets").forEach(x -> {
                String ref = x.at("/Arn/Fn::GetAtt/0").asText("");
                JsonNode dest = t.resources("AWS::Events::ApiDestination").get(ref);
                if (dest == null) {
                    others.add(x);
                    return;
                }
                JsonNode d = dest.path("Properties");
                Map<String, String> query = new LinkedHashMap<>();
                t.resolve(x.at("/HttpParameters/QueryStringParameters")).fields()
                        .forEachRemaining(q -> query.put(q.getKey(), q.getValue().asText()));
                api.add(new ApiTarget(URI.create(t.resolve(d.path("InvocationEndpoint")).asText()),
                        d.path("HttpMethod").asText(), query));
            });
            raw.set("Targets", others);
            JsonNode props = t.resolve(raw);
            List<String> targets = new ArrayList<>();
            props.path("Targets").forEach(x -> {
                String arn = x.path("Arn").asText();
                targets.add(arn.substring(arn.lastIndexOf(':') + 1));
            });
            p.rules.add(new Rule(props.path("Name").asText(), props.path("EventPattern"), targets, api));
        });
        played.put(project, p);
        t.resources("AWS::CodePipeline::Pipeline").forEach((id, r) -> {
            JsonNode props = t.resolve(r.path("Properties"));
            FakePipeline fp = pipeline(p, t, props);
            pipelines.declare(fp);
            props.path("Triggers").forEach(trigger -> {
                if (trigger.path("ProviderType").asText().equals("CodeStarSourceConnection")) {
                    List<String> branches = new ArrayList<>();
                    trigger.at("/GitConfiguration/Push").forEach(push -> push.at("/Branches/Includes")
                            .forEach(b -> branches.add(b.asText())));
                    pushTriggers.put(fp.name(), new PushTrigger(props.at("/Stages/0/Actions/0/Configuration/FullRepositoryId")
                            .asText(), branches));
                }
            });
            pipelineNames.add(fp.name());
            // CodePipeline starts a pipeline once when it is created.
            codePipeline.startPipelineExecution(s -> s.name(fp.name()));
        });
    }

    /** The stack moto makes: the resources of types it makes; the simulation plays the rest from the whole template. */
    private static String forMoto(String body) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode t = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(body);
            com.fasterxml.jackson.databind.node.ObjectNode kept = JSON.createObjectNode();
            t.path("Resources").fields().forEachRemaining(r -> {
                if (MOTO_TYPES.contains(r.getValue().path("Type").asText())) {
                    kept.set(r.getKey(), r.getValue());
                }
            });
            t.set("Resources", kept);
            t.remove("Outputs");
            return JSON.writeValueAsString(t);
        } catch (IOException e) {
            throw new IllegalStateException("the project template is not JSON: " + e, e);
        }
    }

    private void seed(StackTemplate t, String logicalId, JsonNode resource) {
        JsonNode props = t.resolve(resource.path("Properties"));
        String repo = t.physicalName(logicalId);
        String branch = props.path("Code").path("BranchName").asText("main");
        byte[] zip = s3.getObjectAsBytes(g -> g.bucket(props.path("Code").path("S3").path("Bucket").asText())
                .key(props.path("Code").path("S3").path("Key").asText())).asByteArray();
        commits.createRepository(c -> c.repositoryName(repo));
        List<PutFileEntry> files = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (!e.isDirectory()) {
                    String path = e.getName();
                    byte[] content = in.readAllBytes();
                    files.add(PutFileEntry.builder().filePath(path).fileContent(SdkBytes.fromByteArray(content)).build());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("seed archive of " + repo + " is not a zip: " + e, e);
        }
        Map<String, byte[]> tree = new LinkedHashMap<>();
        files.forEach(f -> tree.put(f.filePath(), f.fileContent().asByteArray()));
        images.seeded(repo, tree);
        String parent = null;
        for (int i = 0; i < files.size(); i += 100) {
            List<PutFileEntry> chunk = files.subList(i, Math.min(files.size(), i + 100));
            String p = parent;
            parent = commits.createCommit(c -> c.repositoryName(repo).branchName(branch).parentCommitId(p)
                    .authorName("AWS CloudFormation").email("noreply@amazonaws.com")
                    .commitMessage("Initial commit of the seed code").putFiles(chunk)).commitId();
        }
    }

    /**
     * The seed check-in custom resource: what its function and build do, the seed archive from S3 checked in to the
     * repository on the host as one commit.
     */
    private void checkIn(StackTemplate t, String logicalId, JsonNode resource) {
        JsonNode token = resource.at("/Properties/ServiceToken/Fn::GetAtt/0");
        if (!token.asText().equals(dev.mlops.aws.cfn.internal.ThirdPartyRepositoryRenderer.CHECKIN_FUNCTION)) {
            throw new IllegalStateException("custom resource not simulated: " + logicalId);
        }
        com.fasterxml.jackson.databind.node.ObjectNode props = (com.fasterxml.jackson.databind.node.ObjectNode)
                resource.path("Properties").deepCopy();
        props.remove("ServiceToken");
        JsonNode in = t.resolve(props);
        ThirdPartyGit git = thirdParty;
        if (git == null) {
            throw new IllegalStateException("the stack checks seed code in to " + in.path("GIT_REPOSITORY_FULL_NAME").asText()
                    + " but the simulation has no third-party Git host: call thirdPartyGit(...)");
        }
        byte[] zip = s3.getObjectAsBytes(g -> g.bucket(in.path("SEEDCODE_BUCKET_NAME").asText())
                .key(in.path("SEEDCODE_BUCKET_KEY").asText())).asByteArray();
        Map<String, byte[]> tree = new LinkedHashMap<>();
        try (ZipInputStream zin = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                if (!e.isDirectory()) {
                    tree.put(e.getName(), zin.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("seed archive of " + logicalId + " is not a zip: " + e, e);
        }
        String full = in.path("GIT_REPOSITORY_FULL_NAME").asText();
        String branch = in.path("GIT_REPOSITORY_BRANCH").asText();
        String head = git.checkIn(full, branch, tree, "Seed code of SageMaker project " + t.parameter("SageMakerProjectName"));
        checkIns.add(full + "@" + branch + " " + head);
    }

    private FakePipeline pipeline(Played p, StackTemplate t, JsonNode props) {
        String name = props.path("Name").asText();
        String source = props.at("/Stages/0/Actions/0/Configuration/RepositoryName").asText();
        FakePipeline fp = FakePipeline.named(name);
        List<String> variables = new ArrayList<>();
        props.path("Variables").forEach(v -> variables.add(v.path("Name").asText()));
        if (!variables.isEmpty()) {
            fp.variables(variables.toArray(String[]::new));
        }
        for (JsonNode stage : props.path("Stages")) {
            List<FakeAction> actions = new ArrayList<>();
            for (JsonNode a : stage.path("Actions")) {
                String action = a.path("Name").asText();
                int order = a.path("RunOrder").asInt(1);
                JsonNode config = a.path("Configuration");
                FakeAction fa = switch (a.path("ActionTypeId").path("Provider").asText()) {
                    case "CodeCommit" -> FakeAction.source(action, config.path("RepositoryName").asText());
                    case "CodeStarSourceConnection" -> FakeAction.connectionSource(action, config.path("ConnectionArn")
                            .asText(), config.path("FullRepositoryId").asText(), config.path("BranchName").asText());
                    case "CodeBuild" -> FakeAction.codeBuild(action, config.path("ProjectName").asText());
                    case "CloudFormation" -> FakeAction.cloudFormation(action, config.path("StackName").asText());
                    case "Manual" -> FakeAction.approval(action, config.path("CustomData").asText(""));
                    default -> throw new IllegalArgumentException("action provider not simulated: " + a);
                };
                actions.add(fa.runOrder(order));
                handle(p, name, fa, config, source);
            }
            fp.stage(stage.path("Name").asText(), actions.toArray(FakeAction[]::new));
        }
        return fp;
    }

    private void handle(Played p, String pipeline, FakeAction action, JsonNode config, String source) {
        String group = p.name + "-" + p.id;
        if (action.provider().equals("CodeStarSourceConnection")) {
            String full = config.path("FullRepositoryId").asText();
            String branch = config.path("BranchName").asText();
            pipelines.onAction(pipeline, action.name(), ctx -> {
                ThirdPartyGit git = thirdParty;
                java.util.Optional<String> head = git == null ? java.util.Optional.empty() : git.head(full, branch);
                return head.map(h -> ActionOutcome.succeeded("Source " + full + "@" + branch).withRevision(h))
                        .orElseGet(() -> ActionOutcome.failed("No branch " + branch + " in " + full + " through connection "
                                + config.path("ConnectionArn").asText()));
            });
        } else if (action.isSource()) {
            String repo = config.path("RepositoryName").asText();
            String branch = config.path("BranchName").asText("main");
            pipelines.onAction(pipeline, action.name(), ctx -> ActionOutcome.succeeded("Source " + repo + "@" + branch)
                    .withRevision(commits.getBranch(b -> b.repositoryName(repo).branchName(branch)).branch().commitId()));
        } else if (action.name().equals("BuildAndExecuteSageMakerPipeline")) {
            pipelines.onAction(pipeline, action.name(), ctx -> register(p, group, ctx));
        } else if (action.name().equals("GetBaselinesAndConfigs")) {
            pipelines.onAction(pipeline, action.name(), ctx -> monitorPlay.export(p.stack, ctx));
        } else if (action.provider().equals("CloudFormation") && config.path("StackName").asText().contains("-modelmonitor-")) {
            String stackName = config.path("StackName").asText();
            pipelines.onAction(pipeline, action.name(), ctx -> monitorPlay.deploy(stackName, config, ctx));
        } else if (action.name().equals(dev.mlops.aws.cfn.internal.ImageBuildRenderer.BUILD_ACTION)) {
            String project = config.path("ProjectName").asText();
            pipelines.onAction(pipeline, action.name(), ctx -> images.build(p.stack, project, source, ctx));
        } else if (action.name().equals("BuildDeploymentTemplates")) {
            pipelines.onAction(pipeline, action.name(), ctx -> pickVersion(p, group, ctx));
        } else if (action.provider().equals("CloudFormation")) {
            String stackName = config.path("StackName").asText();
            String env = stackName.substring(stackName.lastIndexOf("-deploy-") + "-deploy-".length());
            pipelines.onAction(pipeline, action.name(), ctx -> deploy(p, env, stackName, ctx));
        } else if (action.isCodeBuild()) {
            pipelines.onAction(pipeline, action.name(), ctx -> {
                String endpoint = p.name + "-staging";
                String status = sageMaker.describeEndpoint(d -> d.endpointName(endpoint)).endpointStatusAsString();
                return "InService".equals(status) ? ActionOutcome.succeeded("Endpoint " + endpoint + " is InService")
                        : ActionOutcome.failed("Endpoint " + endpoint + " is " + status);
            });
        }
    }

    private ActionOutcome register(Played p, String group, ActionContext ctx) {
        String arn = registerModel(p, group, ctx.pipeline(), ctx.executionId(), ctx.sourceRevision());
        return ActionOutcome.succeeded("Registered " + arn).withLog(List.of(
                "Upserting SageMaker pipeline sagemaker-" + p.name, "Execution succeeded: RegisterAbaloneModel",
                "Registered " + arn + " (PendingManualApproval)"));
    }

    /** What the model build's SageMaker pipeline does: train, evaluate, and register a version pending approval. */
    private String registerModel(Played p, String group, String pipeline, String executionId,
            java.util.Optional<String> revision) {
        ActionContextLike ctx = new ActionContextLike(pipeline, executionId, revision);
        String bucket = "sagemaker-project-" + p.id;
        String prefix = "pipelines/" + ctx.executionId();
        s3.putObject(o -> o.bucket(bucket).key(prefix + "/model.tar.gz"), RequestBody.fromBytes(tarGz("xgboost-model",
                ("simulated model of " + ctx.sourceRevision().orElse("?")).getBytes(StandardCharsets.UTF_8))));
        String report = "{\"regression_metrics\":{\"mse\":{\"value\":4.61,\"standard_deviation\":2.2}}}";
        Map<String, String> baselines = monitorPlay.uploadBaselines(bucket, prefix);
        s3.putObject(o -> o.bucket(bucket).key(prefix + "/evaluation.json"), RequestBody.fromString(report));
        String arn = sageMaker.createModelPackage(c -> c.modelPackageGroupName(group)
                .modelPackageDescription("registered by " + ctx.pipeline() + " " + ctx.executionId())
                .modelApprovalStatus(ModelApprovalStatus.PENDING_MANUAL_APPROVAL)
                .inferenceSpecification(i -> i.containers(k -> k.image(XGBOOST_IMAGE)
                        .modelDataUrl("s3://" + bucket + "/" + prefix + "/model.tar.gz"))
                        .supportedContentTypes("text/csv").supportedResponseMIMETypes("text/csv"))
                .modelMetrics(mm -> mm.modelQuality(q -> q.statistics(s -> s.contentType("application/json")
                        .s3Uri("s3://" + bucket + "/" + prefix + "/evaluation.json"))))
                // what a pipeline's RegisterModel step with drift-check baselines records (QualityCheck, ClarifyCheck)
                .driftCheckBaselines(d -> d
                        .modelDataQuality(q -> q.statistics(s -> s.contentType("application/json").s3Uri(baselines.get("statistics")))
                                .constraints(s -> s.contentType("application/json").s3Uri(baselines.get("constraints"))))
                        .explainability(x -> x.configFile(f -> f.contentType("application/json").s3Uri(baselines.get("shapConfig")))
                                .constraints(s -> s.contentType("application/json").s3Uri(baselines.get("shap")))))
                .customerMetadataProperties(Map.of("lineage:sourceCommit", ctx.sourceRevision().orElse("unknown"),
                        "lineage:pipelineExecution", ctx.executionId()))).modelPackageArn();
        return arn;
    }

    private record ActionContextLike(String pipeline, String executionId, java.util.Optional<String> sourceRevision) {
    }

    private ActionOutcome pickVersion(Played p, String group, ActionContext ctx) {
        String wanted = ctx.variables().getOrDefault("ModelPackageArn", "latest-approved");
        java.util.Optional<String> chosen = versionToDeploy(group, wanted);
        if (chosen.isEmpty()) {
            return ActionOutcome.failed("No approved ModelPackage found for ModelPackageGroup: " + group);
        }
        String arn = chosen.get();
        p.deployArn.put(ctx.executionId(), arn);
        return ActionOutcome.succeeded("Deploying " + arn).withOutputVariables(Map.of("ModelPackageArn", arn))
                .withLog(List.of("Latest approved model package: " + arn, "Wrote template-export.yml"));
    }

    /** What the deploy build does to pick the version: the one named, else the latest approved of the group. */
    private java.util.Optional<String> versionToDeploy(String group, String wanted) {
        if (!wanted.isEmpty() && !wanted.equals("latest-approved")) {
            return java.util.Optional.of(wanted);
        }
        List<ModelPackageSummary> approved = sageMaker.listModelPackages(l -> l.modelPackageGroupName(group)
                .modelApprovalStatus(ModelApprovalStatus.APPROVED).sortBy("CreationTime").sortOrder("Descending")
                .maxResults(1)).modelPackageSummaryList();
        return approved.stream().findFirst().map(ModelPackageSummary::modelPackageArn);
    }

    private ActionOutcome deploy(Played p, String env, String stackName, ActionContext ctx) {
        String arn = p.deployArn.get(ctx.executionId());
        if (arn == null) {
            return ActionOutcome.failed("No model package chosen by the build of " + ctx.executionId());
        }
        return ActionOutcome.succeeded(deployVersion(p, env, stackName, ctx.executionId(), arn));
    }

    /** What the endpoint stack's deployment does: a model, an endpoint config with capture, the endpoint in service. */
    private String deployVersion(Played p, String env, String stackName, String executionId, String arn) {
        String endpoint = p.name + "-" + env;
        String model = endpoint + "-" + executionId.substring(0, 8);
        String role = "arn:aws:iam::" + StackTemplate.ACCOUNT + ":role/service-role/AmazonSageMakerServiceCatalogProductsExecutionRole";
        sageMaker.createModel(m -> m.modelName(model).executionRoleArn(role).primaryContainer(c -> c.modelPackageName(arn)));
        sageMaker.createEndpointConfig(c -> c.endpointConfigName(model).productionVariants(v -> v.variantName("AllTraffic")
                .modelName(model).initialInstanceCount(1).instanceType("ml.m5.large").initialVariantWeight(1.0f))
                // as the endpoint stack's config: capture of requests and responses under the artifact bucket
                .dataCaptureConfig(d -> d.enableCapture(true).initialSamplingPercentage(100)
                        .destinationS3Uri("s3://sagemaker-project-" + p.id + "/datacapture-" + env)
                        .captureOptions(o -> o.captureMode("Input"), o -> o.captureMode("Output"))));
        boolean exists = sageMaker.listEndpoints(l -> l.nameContains(endpoint)).endpoints().stream()
                .anyMatch(e -> e.endpointName().equals(endpoint));
        if (exists) {
            // moto has no UpdateEndpoint: replace it, as a REPLACE_ON_FAILURE deploy of a new config would.
            sageMaker.deleteEndpoint(d -> d.endpointName(endpoint));
        }
        sageMaker.createEndpoint(e -> e.endpointName(endpoint).endpointConfigName(model));
        ObjectNodeBuilder inService = new ObjectNodeBuilder().put("source", "aws.sagemaker")
                .put("detail-type", "SageMaker Endpoint State Change");
        inService.node.putArray("resources").add("arn:aws:sagemaker:" + StackTemplate.REGION + ":" + StackTemplate.ACCOUNT
                + ":endpoint/" + endpoint);
        inService.node.putObject("detail").put("EndpointName", endpoint).put("EndpointStatus", "IN_SERVICE");
        deliver(inService.node);
        boolean stack = cfn.describeStacks().stacks().stream().anyMatch(s -> s.stackName().equals(stackName)
                && !s.stackStatusAsString().startsWith("DELETE"));
        if (!stack) {
            // The endpoint stack, so that undeploy and delete find it as on AWS (its resources here are the ones above).
            cfn.createStack(s -> s.stackName(stackName).templateBody("{\"Resources\":{\"Marker\":{\"Type\":"
                    + "\"AWS::CloudFormation::WaitConditionHandle\"}}}")
                    .parameters(Parameter.builder().parameterKey("ModelPackageName").parameterValue(arn).build())
                    .tags(software.amazon.awssdk.services.cloudformation.model.Tag.builder()
                            .key("sagemaker:deployment-stage").value(env).build()));
        }
        return "Stack " + stackName + " deployed " + arn + " to " + endpoint;
    }

    // ------------------------------------------------------------------ the same work, for other orchestrators

    private Played playedProject(String project) {
        Played p = played.get(project);
        if (p == null) {
            throw new IllegalStateException("no project stack played for " + project);
        }
        return p;
    }

    /**
     * What a model build's {@code dev.mlops.aws.build.RunPipeline} does here (as the CodePipeline build action): the
     * SageMaker pipeline trains, evaluates and registers a version pending approval in the project's group.
     *
     * @param project the project's name
     * @param pipeline the orchestrator's pipeline (recorded as lineage)
     * @param executionId the build's execution id
     * @param sourceCommit the commit built
     * @return the registered version's ARN
     */
    public String runModelBuild(String project, String pipeline, String executionId, String sourceCommit) {
        Played p = playedProject(project);
        return registerModel(p, p.name + "-" + p.id, pipeline, executionId, java.util.Optional.ofNullable(sourceCommit));
    }

    /**
     * What {@code dev.mlops.aws.build.BuildDeployment} picks: the version named, else the group's latest approved.
     *
     * @param project the project's name
     * @param wanted a model package ARN, or {@code latest-approved} (or empty)
     * @return the version, empty when none is approved
     */
    public java.util.Optional<String> chooseVersion(String project, String wanted) {
        Played p = playedProject(project);
        return versionToDeploy(p.name + "-" + p.id, wanted == null ? "" : wanted);
    }

    /**
     * What deploying an environment's endpoint stack does here (as the CodePipeline CloudFormation action).
     *
     * @param project the project's name
     * @param stackName {@code sagemaker-<name>-<id>-deploy-<env>}
     * @param executionId the deploying build's execution id (names the model)
     * @param modelPackageArn the version to deploy
     * @return what was deployed, for the build's log
     */
    public String deployStack(String project, String stackName, String executionId, String modelPackageArn) {
        Played p = playedProject(project);
        String env = stackName.substring(stackName.lastIndexOf("-deploy-") + "-deploy-".length());
        return deployVersion(p, env, stackName, executionId.length() < 8 ? executionId + "00000000" : executionId,
                modelPackageArn);
    }

    /**
     * An endpoint's status, as {@code dev.mlops.aws.build.TestEndpoint} reads it.
     *
     * @param endpoint the endpoint's name
     * @return e.g. {@code InService}
     */
    public String endpointStatus(String endpoint) {
        return sageMaker.describeEndpoint(d -> d.endpointName(endpoint)).endpointStatusAsString();
    }

    // ------------------------------------------------------------------ EventBridge

    private void committed(JsonNode in) {
        images.committed(in);
        String repo = in.path("repositoryName").asText();
        String arn = "arn:aws:codecommit:" + StackTemplate.REGION + ":" + StackTemplate.ACCOUNT + ":" + repo;
        ObjectNodeBuilder e = new ObjectNodeBuilder().put("source", "aws.codecommit")
                .put("detail-type", "CodeCommit Repository State Change");
        e.node.putArray("resources").add(arn);
        e.node.putObject("detail").put("event", "referenceUpdated").put("referenceType", "branch")
                .put("referenceName", in.path("branchName").asText()).put("repositoryName", repo);
        deliver(e.node);
    }

    private void modelPackageChanged(JsonNode in) {
        if (!in.hasNonNull("ModelApprovalStatus")) {
            return;
        }
        String arn = in.path("ModelPackageArn").asText();
        String[] parts = arn.substring(arn.indexOf(":model-package/") + ":model-package/".length()).split("/");
        ObjectNodeBuilder e = new ObjectNodeBuilder().put("source", "aws.sagemaker")
                .put("detail-type", "SageMaker Model Package State Change");
        e.node.putArray("resources").add(arn);
        e.node.putObject("detail").put("ModelPackageGroupName", parts[0]).put("ModelPackageVersion", parts[1])
                .put("ModelPackageArn", arn).put("ModelApprovalStatus", in.path("ModelApprovalStatus").asText());
        deliver(e.node);
    }

    private void deliver(JsonNode event) {
        for (Played p : played.values()) {
            for (Rule r : p.rules) {
                if (EventPattern.matches(r.pattern(), event)) {
                    for (String target : r.targetPipelines()) {
                        events.add(r.name() + " -> " + target);
                        codePipeline.startPipelineExecution(s -> s.name(target));
                    }
                    for (ApiTarget target : r.apiTargets()) {
                        // EventBridge fills a JSON-path value from the event
                        Map<String, String> query = new LinkedHashMap<>();
                        target.query().forEach((k, v) -> query.put(k, v.startsWith("$.")
                                ? event.at("/" + v.substring(2).replace('.', '/')).asText() : v));
                        callApiDestination(r.name(), new ApiTarget(target.endpoint(), target.method(), query));
                    }
                }
            }
        }
    }

    /**
     * EventBridge's call of an API destination: retried on a 5xx, 429 or a failed connection (the target's retry
     * policy allows 10 attempts), in the background as EventBridge makes it.
     */
    private void callApiDestination(String rule, ApiTarget target) {
        ApiDestinationCall sink = apiDestinations;
        if (sink == null) {
            throw new IllegalStateException("rule " + rule + " calls the API destination " + target.endpoint()
                    + " but the simulation has none: call apiDestinations(...)");
        }
        Thread t = new Thread(() -> {
            for (int attempt = 1; attempt <= 10; attempt++) {
                int status;
                try {
                    status = sink.call(target.endpoint(), target.method(), target.query());
                } catch (RuntimeException e) {
                    status = -1;
                }
                apiCalls.add(rule + " -> " + target.method() + " " + target.endpoint() + " " + status);
                if (status >= 200 && status < 300) {
                    events.add(rule + " -> " + target.endpoint());
                    return;
                }
                if (status >= 400 && status < 500 && status != 429) {
                    return;   // EventBridge does not retry a client error
                }
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "aws-simulation-api-destination");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Sets what the stacks' API destinations call.
     *
     * @param call the call
     * @return this simulation
     */
    public AwsSimulation apiDestinations(ApiDestinationCall call) {
        this.apiDestinations = call;
        return this;
    }

    /** @return each API destination call EventBridge made, {@code <rule> -> <method> <endpoint> <status>} */
    public List<String> apiDestinationCalls() {
        return List.copyOf(apiCalls);
    }

    private static final class ObjectNodeBuilder {
        final com.fasterxml.jackson.databind.node.ObjectNode node = JSON.createObjectNode();

        ObjectNodeBuilder put(String k, String v) {
            node.put(k, v);
            return this;
        }
    }

    private static byte[] tarGz(String name, byte[] content) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                byte[] header = new byte[512];
                byte[] n = name.getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(n, 0, header, 0, n.length);
                putOctal(header, 100, 8, 0644);
                putOctal(header, 108, 8, 0);
                putOctal(header, 116, 8, 0);
                putOctal(header, 124, 12, content.length);
                putOctal(header, 136, 12, 0);
                header[156] = '0';
                System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
                header[263] = '0';
                header[264] = '0';
                java.util.Arrays.fill(header, 148, 156, (byte) ' ');
                long sum = 0;
                for (byte b : header) {
                    sum += b & 0xff;
                }
                putOctal(header, 148, 7, sum);
                gz.write(header);
                gz.write(content);
                gz.write(new byte[(512 - content.length % 512) % 512]);
                gz.write(new byte[1024]);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putOctal(byte[] h, int at, int len, long v) {
        String s = String.format("%0" + (len - 1) + "o", v);
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, at, len - 1);
        h[at + len - 1] = 0;
    }

    @Override
    public void close() {
        closed = true;
        clock.interrupt();
        front.close();
        gaps.stop();
        projects.close();
        images.close();
        codeCommit.close();
        pipelines.close();
        sageMaker.close();
        s3.close();
        cfn.close();
        codePipeline.close();
        commits.close();
    }
}
