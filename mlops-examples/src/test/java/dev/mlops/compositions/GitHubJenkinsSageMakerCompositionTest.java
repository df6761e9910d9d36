package dev.mlops.compositions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.Project;
import dev.mlops.Secret;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.aws.sim.AwsSimulation;
import dev.mlops.examples.GitHubJenkinsExample;
import dev.mlops.git.github.GitHubRepositories;
import dev.mlops.git.github.fixtures.GitHubFake;
import dev.mlops.jenkins.Jenkins;
import dev.mlops.jenkins.JenkinsOrchestrator;
import dev.mlops.jenkins.fixtures.JenkinsFake;
import dev.mlops.jenkins.fixtures.StepHandler;
import dev.mlops.spi.Ticker;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Template;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The composition "GitHub + Jenkins + SageMaker", the seed's Jenkins template (G), end to end with no manual step:
 * {@link GitHubJenkinsExample} makes the repositories on {@link GitHubFake} (every request validated against GitHub's
 * OpenAPI description), the jobs on {@link JenkinsFake}, and the project on the {@link AwsSimulation} (moto and
 * WireMock, every request validated against botocore's models). The fake Jenkins plays each rendered {@code sh} step
 * by what it does against the simulation: {@code RunPipeline} is the simulation's SageMaker pipeline run and
 * registration, {@code BuildDeployment} its choice of version, {@code aws cloudformation deploy} its endpoint stack
 * deploy, {@code TestEndpoint} its endpoint status. The approval reaches the deploy job through the project stack's
 * rendered route: the simulation plays the rule and its API destination POSTs to the fake's {@code buildWithParameters}.
 * Once more with 30 % of the calls to each host failing transiently.
 */
class GitHubJenkinsSageMakerCompositionTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:jenkins-token-AbCdEf";
    /** The https name the route calls; EventBridge calls only https, so a TLS front would map it to the Jenkins. */
    private static final URI PUBLIC_JENKINS = URI.create("https://jenkins.example.com/");
    private static final Pattern STACK = Pattern.compile("--stack-name (\\S+)");

    @TempDir
    Path cache;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void gitHubJenkinsSageMaker_buildApproveStagingGateProd_withNoManualStep() throws Exception {
        run("abalone", 0, 0, 0, cache);
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void theSameComposition_with30PercentOfTheCallsToEachHostFailing_completesWithoutDuplicates() throws Exception {
        run("flaky", 0.3, 7, 0, cache);
    }

    /** What a run cost: wall time and calls per host. */
    record Figures(long wallMillis, long github, long jenkins, long aws) {
    }

    Figures run(String name, double faults, long seed, int latencyMillis, Path cache) throws Exception {
        long started = System.nanoTime();
        ValidatingInterceptor validator = new ValidatingInterceptor();
        Map<String, String> chosen = new ConcurrentHashMap<>();
        Map<String, Map<String, String>> variables = new ConcurrentHashMap<>();
        AwsSimulation[] holder = new AwsSimulation[1];
        StepHandler steps = step -> {
            variables.put(step.stage(), step.environment());
            try {
                return play(holder[0], name, step, chosen);
            } catch (RuntimeException e) {
                // A failed call to AWS fails the step, as the entry point's exit code would.
                step.console().accept("ERROR: " + e);
                System.err.println("step " + step.stage() + " of " + step.job() + " failed: " + e);
                return 1;
            }
        };
        try (AwsSimulation aws = AwsSimulation.start(faults, seed);
                GitHubFake github = GitHubFake.start();
                JenkinsFake jenkinsFake = JenkinsFake.builder().steps(steps)
                        // Jenkins exempts requests authenticated with an API token from CSRF checks (2.96+): the
                        // EventBridge connection's basic auth sends no crumb. The orchestrator fetches crumbs anyway.
                        .requireCrumb(false).build()) {
            holder[0] = aws;
            aws.apiDestinations((endpoint, method, query) -> post(jenkinsFake, endpoint, method, query));
            WaitPolicy quick = WaitPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(250), 2, Ticker.system());
            JenkinsOrchestrator jenkins = Jenkins.orchestrator().url(jenkinsFake.url()).user(jenkinsFake.user())
                    .apiToken(jenkinsFake.token()).pollInterval(Duration.ofMillis(20)).waitPolicy(quick)
                    .sdkClasspath("/opt/mlops-sdk/*").agentEnvironment("AWS_REGION", "us-east-1")
                    .retries(8, Duration.ofMillis(50)).build();
            GitHubRepositories repos = GitHubRepositories.builder().token(Secret.of("ghp_composition"))
                    .owner(GitHubFake.ORG).baseUrl(github.baseUrl()).retries(8, Duration.ofMillis(50)).build();
            Map<String, String> route = new java.util.LinkedHashMap<>(jenkins.approvalRouteParameters(SECRET));
            assertThat(route.get("JenkinsUrl")).isEqualTo(jenkinsFake.url().toString());
            route.put("JenkinsUrl", PUBLIC_JENKINS.toString());
            Template template = GitHubJenkinsExample.template(GitHubFake.ORG, name, URI.create("https://github.com/"),
                    route);
            if (latencyMillis > 0) {
                github.latency(latencyMillis);
                jenkinsFake.latency(latencyMillis);
                aws.front().latency(latencyMillis);
            }
            if (faults > 0) {
                github.faults(faults, seed);
                jenkinsFake.faults(faults);
                aws.front().inject(true);
            }
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            try (AwsBackend backend = aws.backend(cache, validator).maxAttempts(10).build();
                    Project project = GitHubJenkinsExample.create(name, template, repos, jenkins, backend)) {
                String folder = project.name() + "-" + project.id();
                Map<String, Long> phases;
                try {
                    phases = GitHubJenkinsExample.deliver(project, WAIT, new PrintStream(log, true, StandardCharsets.UTF_8));
                } catch (RuntimeException e) {
                    System.err.println("deploy builds: " + jenkinsFake.buildParameters(folder + "/modeldeploy"));
                    System.err.println("gates: " + project.gates().pending());
                    System.err.println("approved: " + project.models().latestApproved().map(v -> v.arn()));
                    System.err.println("route calls: " + aws.apiDestinationCalls());
                    throw e;
                }
                assertThat(phases).hasSize(3);
                // the test stage's sh step gets the variables it gets on CodeBuild: the SageMaker endpoint's name and
                // runtime URL in the agents' region (agentEnvironment AWS_REGION)
                assertThat(variables.get("TestStaging")).containsEntry("SAGEMAKER_PROJECT_NAME", name)
                        .containsEntry("SAGEMAKER_PROJECT_ID", project.id())
                        .containsEntry("ENDPOINT_NAME", name + "-staging")
                        .containsEntry("ENDPOINT_URL", "https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/"
                                + name + "-staging/");
                assertThat(project.models().latestApproved().orElseThrow().status()).isEqualTo(ModelApprovalStatus.Approved);

                // one folder, one job per pipeline, one repository per role with one seed commit each
                assertThat(jenkinsFake.foldersCreated()).isEqualTo(1);
                assertThat(jenkinsFake.jobsCreated()).isEqualTo(2);
                assertThat(jenkinsFake.exists(folder + "/modelbuild")).isTrue();
                assertThat(jenkinsFake.exists(folder + "/modeldeploy")).isTrue();
                assertThat(github.repositoriesCreated()).isEqualTo(2);
                assertThat(github.commitsCreated()).isEqualTo(2);
                // no duplicate build per trigger: one build started by the example, one deploy by the approval route
                assertThat(jenkinsFake.buildParameters(folder + "/modelbuild")).hasSize(1);
                List<Map<String, String>> deploys = jenkinsFake.buildParameters(folder + "/modeldeploy");
                assertThat(deploys).as("%s", aws.apiDestinationCalls()).hasSize(1);
                assertThat(deploys.get(0)).containsEntry("ModelPackageArn", project.models().latestApproved()
                        .orElseThrow().arn())
                        .containsEntry("MLOPS_REASON", "model approval change");
                assertThat(aws.events()).contains("sagemaker-" + folder + "-model-jenkins -> " + PUBLIC_JENKINS
                        + "job/" + folder + "/job/modeldeploy/buildWithParameters");
                // the stack made no pipeline: Jenkins ran them
                assertThat(validator.calls("CodePipeline.CreatePipeline")).isZero();
                if (faults > 0) {
                    assertThat(github.faultsInjected()).isPositive();
                    assertThat(jenkinsFake.faultsInjected()).isPositive();
                    assertThat(aws.front().injected().values().stream().mapToLong(Long::longValue).sum()).isPositive();
                }
            }
            validator.assertNoViolations();
            return new Figures((System.nanoTime() - started) / 1_000_000, github.requests(), jenkinsFake.requests(),
                    aws.front().calls());
        }
    }

    /** One rendered step, played against the simulation by what it does. */
    private static int play(AwsSimulation aws, String project, StepHandler.Step step, Map<String, String> chosen) {
        String run = step.job() + "#" + step.build();
        String execution = step.parameters().getOrDefault("MLOPS_EXECUTION_ID", run);
        if (step.kind().equals("checkout")) {
            step.console().accept("Checking out Revision " + step.parameters().getOrDefault("MLOPS_SOURCE_COMMIT", "(head)"));
            return 0;
        }
        String sh = step.argument();
        if (sh.contains("dev.mlops.aws.build.RunPipeline")) {
            String commit = step.parameters().getOrDefault("MLOPS_SOURCE_COMMIT", "");
            step.console().accept("Registered " + aws.runModelBuild(project, step.job(), execution + "-" + step.build(),
                    commit.isEmpty() ? null : commit));
            return 0;
        }
        if (sh.contains("dev.mlops.aws.build.BuildDeployment")) {
            var arn = aws.chooseVersion(project, step.parameters().getOrDefault("ModelPackageArn", "latest-approved"));
            if (arn.isEmpty()) {
                step.console().accept("No approved ModelPackage found");
                return 1;
            }
            chosen.put(run, arn.get());
            step.console().accept("Wrote template-export.yml for " + arn.get());
            return 0;
        }
        if (sh.startsWith("aws cloudformation deploy")) {
            Matcher m = STACK.matcher(sh);
            if (!m.find() || !chosen.containsKey(run)) {
                step.console().accept("no stack or no version chosen");
                return 1;
            }
            step.console().accept(aws.deployStack(project, m.group(1), execution + "-" + step.build(), chosen.get(run)));
            return 0;
        }
        if (sh.contains("dev.mlops.aws.build.TestEndpoint")) {
            String status = aws.endpointStatus(project + "-staging");
            step.console().accept("Endpoint " + project + "-staging is " + status);
            return "InService".equals(status) ? 0 : 1;
        }
        step.console().accept("not simulated: " + sh);
        return 127;
    }

    /** What EventBridge's API destination does: the call, with the connection's basic authentication. */
    private static int post(JenkinsFake jenkins, URI endpoint, String method, Map<String, String> query) {
        String path = endpoint.toString().substring(PUBLIC_JENKINS.toString().length());
        String q = query.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        String basic = Base64.getEncoder().encodeToString((jenkins.user() + ":" + jenkins.token().reveal())
                .getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(jenkins.url().resolve(path
                    + "?" + q)).header("Authorization", "Basic " + basic).method(method, HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
