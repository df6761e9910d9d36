package dev.mlops.jenkins;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.mlops.Secret;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.MlopsException;
import dev.mlops.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Jenkins client against WireMock stubs whose bodies are real Jenkins answers (api4jenkins' recorded unit-test
 * data, see {@code src/test/resources/api4jenkins/README.md}) and whose statuses and headers follow Jenkins core
 * ({@code Job/_api.jelly}, {@code ItemGroupMixIn}, {@code CrumbFilter}).
 */
class JenkinsClientTest {
    private static final String TOKEN = "11aa22bb33cc44dd55ee66ff77aa88bb99";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString(("mlops-bot:" + TOKEN).getBytes(StandardCharsets.UTF_8));
    private static final JobPath JOB = JobPath.of("folder/pipeline");

    private WireMockServer jenkins;
    private JenkinsClient client;

    @BeforeEach
    void start() {
        jenkins = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        jenkins.start();
        client = JenkinsClient.builder().url("http://127.0.0.1:" + jenkins.port() + "/jenkins")
                .user("mlops-bot").apiToken(Secret.of(TOKEN)).pollInterval(Duration.ofMillis(1)).build();
        jenkins.stubFor(get(urlEqualTo("/jenkins/crumbIssuer/api/json"))
                .willReturn(aResponse().withStatus(200).withBody(fixture("jenkins/crumb.json"))));
    }

    @AfterEach
    void stop() {
        jenkins.stop();
    }

    @Test
    void createsFolderAndPipelineJobWithCrumbAndEscapedScript() {
        jenkins.stubFor(get(urlEqualTo("/jenkins/job/folder/api/json?tree=_class")).willReturn(aResponse().withStatus(404)));
        jenkins.stubFor(get(urlEqualTo("/jenkins/job/folder/job/pipeline/api/json?tree=_class"))
                .willReturn(aResponse().withStatus(404)));
        jenkins.stubFor(post(urlPathEqualTo("/jenkins/createItem")).willReturn(aResponse().withStatus(200)));
        jenkins.stubFor(post(urlPathEqualTo("/jenkins/job/folder/createItem")).willReturn(aResponse().withStatus(200)));

        PipelineJobSpec spec = PipelineJobSpec.builder().description("build & train")
                .script("pipeline { agent any; stages { stage('Train') { steps { sh 'a < b && echo \"]]>\"' } } } }")
                .parameter("MODEL_VERSION", "1").build();
        assertThat(client.ensurePipelineJob(JOB, spec)).isEqualTo(EnsureOutcome.CREATED);

        jenkins.verify(postRequestedFor(urlEqualTo("/jenkins/createItem?name=folder"))
                .withHeader("Content-Type", equalTo("application/xml"))
                .withHeader("mock-crumb-id", equalTo("mock-crumb"))
                .withHeader("Authorization", equalTo(BASIC))
                .withRequestBody(containing("<com.cloudbees.hudson.plugins.folder.Folder")));
        jenkins.verify(postRequestedFor(urlEqualTo("/jenkins/job/folder/createItem?name=pipeline"))
                .withHeader("mock-crumb-id", equalTo("mock-crumb"))
                .withRequestBody(containing("org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition"))
                .withRequestBody(containing("stage(&apos;Train&apos;)"))
                .withRequestBody(containing("a &lt; b &amp;&amp; echo &quot;]]&gt;&quot;"))
                .withRequestBody(containing("<name>MODEL_VERSION</name><defaultValue>1</defaultValue>"))
                .withRequestBody(containing("<sandbox>true</sandbox>"))
                .withRequestBody(containing("<description>build &amp; train</description>")));
        // The crumb is fetched once and reused for the second POST.
        jenkins.verify(1, getRequestedFor(urlEqualTo("/jenkins/crumbIssuer/api/json")));
    }

    @Test
    void updatesAnExistingPipelineJobAndAdoptsItsFolder() {
        jenkins.stubFor(get(urlEqualTo("/jenkins/job/folder/api/json?tree=_class"))
                .willReturn(aResponse().withStatus(200).withBody(fixture("job/folder.json"))));
        jenkins.stubFor(get(urlEqualTo("/jenkins/job/folder/job/pipeline/api/json?tree=_class"))
                .willReturn(aResponse().withStatus(200).withBody(fixture("job/pipeline.json"))));
        jenkins.stubFor(post(urlEqualTo("/jenkins/job/folder/job/pipeline/config.xml"))
                .willReturn(aResponse().withStatus(200)));

        assertThat(client.ensureFolder(JOB.parent(), "")).isEqualTo(EnsureOutcome.ADOPTED);
        assertThat(client.ensurePipelineJob(JOB, PipelineJobSpec.builder().script("echo 'v2'").build()))
                .isEqualTo(EnsureOutcome.UPDATED);

        jenkins.verify(postRequestedFor(urlEqualTo("/jenkins/job/folder/job/pipeline/config.xml"))
                .withRequestBody(containing("echo &apos;v2&apos;")));
        jenkins.verify(0, postRequestedFor(urlPathEqualTo("/jenkins/createItem")));
    }

    @Test
    void createThatRacesAnotherCreatorUpdatesInstead() {
        jenkins.stubFor(get(urlEqualTo("/jenkins/job/folder/api/json?tree=_class"))
                .willReturn(aResponse().withStatus(200).withBody(fixture("job/folder.json"))));
        jenkins.stubFor(get(urlEqualTo("/jenkins/job/folder/job/pipeline/api/json?tree=_class"))
                .inScenario("race").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404)).willSetStateTo("made"));
        jenkins.stubFor(get(urlEqualTo("/jenkins/job/folder/job/pipeline/api/json?tree=_class"))
                .inScenario("race").whenScenarioStateIs("made")
                .willReturn(aResponse().withStatus(200).withBody(fixture("job/pipeline.json"))));
        // Jenkins renders Failure("A job already exists with the name 'pipeline'") as a 400 page.
        jenkins.stubFor(post(urlPathEqualTo("/jenkins/job/folder/createItem")).willReturn(aResponse().withStatus(400)
                .withBody("<html><body><h1>Error</h1><p>A job already exists with the name ‘pipeline’</p></body></html>")));
        jenkins.stubFor(post(urlEqualTo("/jenkins/job/folder/job/pipeline/config.xml"))
                .willReturn(aResponse().withStatus(200)));

        assertThat(client.ensurePipelineJob(JOB, PipelineJobSpec.builder().script("echo 1").build()))
                .isEqualTo(EnsureOutcome.UPDATED);
        jenkins.verify(1, postRequestedFor(urlEqualTo("/jenkins/job/folder/job/pipeline/config.xml")));
    }

    @Test
    void refusesToOverwriteAnItemOfAnotherKind() {
        jenkins.stubFor(get(urlEqualTo("/jenkins/job/folder/api/json?tree=_class"))
                .willReturn(aResponse().withStatus(200).withBody(fixture("job/pipeline.json"))));

        assertThatThrownBy(() -> client.ensureFolder(JobPath.of("folder"), ""))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("Jenkins item folder exists but is not of the kind")
                .hasMessageContaining("org.jenkinsci.plugins.workflow.job.WorkflowJob, wanted com.cloudbees.hudson.plugins.folder.Folder");
        jenkins.verify(0, postRequestedFor(urlPathEqualTo("/jenkins/createItem")));
    }

    @Test
    void staleCrumbIsRefreshedOnceAndTheRequestRetried() {
        jenkins.stubFor(get(urlEqualTo("/jenkins/crumbIssuer/api/json")).inScenario("crumb")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody("{\"_class\":\"hudson.security.csrf.DefaultCrumbIssuer\","
                        + "\"crumb\":\"stale\",\"crumbRequestField\":\"Jenkins-Crumb\"}"))
                .willSetStateTo("fresh"));
        jenkins.stubFor(get(urlEqualTo("/jenkins/crumbIssuer/api/json")).inScenario("crumb")
                .whenScenarioStateIs("fresh")
                .willReturn(aResponse().withStatus(200).withBody("{\"_class\":\"hudson.security.csrf.DefaultCrumbIssuer\","
                        + "\"crumb\":\"fresh\",\"crumbRequestField\":\"Jenkins-Crumb\"}")));
        // CrumbFilter answers 403 with this reason when the crumb is missing or stale.
        jenkins.stubFor(post(urlPathEqualTo("/jenkins/job/folder/job/pipeline/buildWithParameters"))
                .withHeader("Jenkins-Crumb", equalTo("stale"))
                .willReturn(aResponse().withStatus(403).withBody("<html><head><title>Error 403 No valid crumb was "
                        + "included in the request</title></head></html>")));
        jenkins.stubFor(post(urlPathEqualTo("/jenkins/job/folder/job/pipeline/buildWithParameters"))
                .withHeader("Jenkins-Crumb", equalTo("fresh"))
                .willReturn(aResponse().withStatus(201)
                        .withHeader("Location", "http://127.0.0.1:" + jenkins.port() + "/jenkins/queue/item/599/")));

        QueueItemRef item = client.trigger(JOB, Map.of("MODEL_VERSION", "3"));

        assertThat(item).isEqualTo(new QueueItemRef(JOB, 599));
        jenkins.verify(2, getRequestedFor(urlEqualTo("/jenkins/crumbIssuer/api/json")));
        jenkins.verify(postRequestedFor(urlPathEqualTo("/jenkins/job/folder/job/pipeline/buildWithParameters"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("MODEL_VERSION=3")));
    }

    @Test
    void jenkinsWithoutCrumbIssuerGetsPostsWithoutCrumb() {
        jenkins.stubFor(get(urlEqualTo("/jenkins/crumbIssuer/api/json")).willReturn(aResponse().withStatus(404)));
        jenkins.stubFor(post(urlEqualTo("/jenkins/job/folder/job/pipeline/build")).willReturn(aResponse()
                .withStatus(201).withHeader("Location", "http://127.0.0.1:" + jenkins.port() + "/jenkins/queue/item/7/")));

        assertThat(client.trigger(JOB, Map.of()).id()).isEqualTo(7);
        jenkins.verify(postRequestedFor(urlEqualTo("/jenkins/job/folder/job/pipeline/build"))
                .withHeader("mock-crumb-id", absent()).withHeader("Jenkins-Crumb", absent()));
    }

    @Test
    void followsTheQueueItemFromBlockedToItsBuild() {
        jenkins.stubFor(get(urlEqualTo("/jenkins/queue/item/599/api/json")).inScenario("queue")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(fixture("queue/blockeditem.json")))
                .willSetStateTo("left"));
        jenkins.stubFor(get(urlEqualTo("/jenkins/queue/item/599/api/json")).inScenario("queue")
                .whenScenarioStateIs("left")
                .willReturn(aResponse().withStatus(200).withBody(fixture("queue/leftitem.json"))));

        BuildRef build = client.awaitBuild(new QueueItemRef(JOB, 599), Duration.ofSeconds(5));

        assertThat(build).isEqualTo(new BuildRef(JOB, 54));
        jenkins.verify(2, getRequestedFor(urlEqualTo("/jenkins/queue/item/599/api/json")));
    }

    @Test
    void aQueueItemStillWaitingAtTheTimeoutSaysWhy() {
        jenkins.stubFor(get(urlEqualTo("/jenkins/queue/item/669/api/json"))
                .willReturn(aResponse().withStatus(200).withBody(fixture("queue/blockeditem.json"))));

        assertThatThrownBy(() -> client.awaitBuild(new QueueItemRef(JOB, 669), Duration.ofMillis(50)))
                .isInstanceOf(MlopsBackendException.class)
                .hasMessageContaining("did not start within PT0.05S")
                .hasMessageContaining("Jenkins says: Build #168 is already in progress (ETA:N/A)")
                .matches(e -> ((MlopsException) e).retryable());
    }

    @Test
    void aCancelledQueueItemIsAClearError() {
        String cancelled = fixture("queue/leftitem.json")
                .replace("\"cancelled\": false", "\"cancelled\": true")
                .replaceAll("(?s)\"executable\": \\{.*?\\}", "\"executable\": null");
        jenkins.stubFor(get(urlEqualTo("/jenkins/queue/item/599/api/json"))
                .willReturn(aResponse().withStatus(200).withBody(cancelled)));

        assertThatThrownBy(() -> client.awaitBuild(new QueueItemRef(JOB, 599), Duration.ofSeconds(5)))
                .isInstanceOf(MlopsBackendException.class)
                .hasMessage("queue item 599 of folder/pipeline was cancelled in Jenkins before it started;"
                        + " trigger the job again")
                .matches(e -> !((MlopsException) e).retryable());
    }

    @Test
    void aVanishedQueueItemIsFoundThroughTheBuildsQueueId() {
        jenkins.stubFor(get(urlEqualTo("/jenkins/queue/item/668/api/json")).willReturn(aResponse().withStatus(404)));
        // workflowrun.json is build #52 with queueId 668.
        jenkins.stubFor(get(urlEqualTo("/jenkins/job/folder/job/pipeline/api/json?tree=builds%5Bnumber,queueId%5D"))
                .willReturn(aResponse().withStatus(200).withBody("{\"_class\":\"org.jenkinsci.plugins.workflow.job.WorkflowJob\","
                        + "\"builds\":[{\"_class\":\"org.jenkinsci.plugins.workflow.job.WorkflowRun\",\"number\":53,\"queueId\":700},"
                        + "{\"_class\":\"org.jenkinsci.plugins.workflow.job.WorkflowRun\",\"number\":52,\"queueId\":668}]}")));

        assertThat(client.awaitBuild(new QueueItemRef(JOB, 668), Duration.ofSeconds(5))).isEqualTo(new BuildRef(JOB, 52));
    }

    @Test
    void aQueueItemThatVanishedWithoutABuildIsAClearError() {
        jenkins.stubFor(get(urlEqualTo("/jenkins/queue/item/9/api/json")).willReturn(aResponse().withStatus(404)));
        jenkins.stubFor(get(urlEqualTo("/jenkins/job/folder/job/pipeline/api/json?tree=builds%5Bnumber,queueId%5D"))
                .willReturn(aResponse().withStatus(200).withBody("{\"builds\":[{\"number\":52,\"queueId\":668}]}")));

        assertThatThrownBy(() -> client.awaitBuild(new QueueItemRef(JOB, 9), Duration.ofSeconds(5)))
                .isInstanceOf(MlopsBackendException.class)
                .hasMessageContaining("queue item 9 of folder/pipeline vanished from the Jenkins queue")
                .hasMessageContaining("trigger the job again");
    }

    @Test
    void readsFinishedAndRunningBuildStatus() {
        jenkins.stubFor(get(urlPathEqualTo("/jenkins/job/folder/job/pipeline/52/api/json"))
                .willReturn(aResponse().withStatus(200).withBody(fixture("run/workflowrun.json"))));
        String running = fixture("run/workflowrun.json").replace("\"building\": false", "\"building\": true")
                .replace("\"result\": \"FAILURE\"", "\"result\": null");
        jenkins.stubFor(get(urlPathEqualTo("/jenkins/job/folder/job/pipeline/53/api/json"))
                .willReturn(aResponse().withStatus(200).withBody(running)));
        jenkins.stubFor(get(urlPathEqualTo("/jenkins/job/folder/job/pipeline/99/api/json"))
                .willReturn(aResponse().withStatus(404)));

        BuildStatus done = client.buildStatus(new BuildRef(JOB, 52));
        assertThat(done.finished()).isTrue();
        assertThat(done.result()).contains(BuildResult.FAILURE);
        assertThat(done.durationMillis()).isEqualTo(324447);
        assertThat(done.startedAtMillis()).isEqualTo(1559281453240L);

        BuildStatus live = client.buildStatus(new BuildRef(JOB, 53));
        assertThat(live.building()).isTrue();
        assertThat(live.result()).isEqualTo(Optional.empty());
        assertThat(live.finished()).isFalse();

        assertThatThrownBy(() -> client.buildStatus(new BuildRef(JOB, 99))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Jenkins build 'folder/pipeline #99' does not exist");
    }

    @Test
    void abortedBuildIsReportedAsAborted() {
        jenkins.stubFor(get(urlPathEqualTo("/jenkins/job/folder/job/pipeline/52/api/json"))
                .willReturn(aResponse().withStatus(200).withBody(
                        fixture("run/workflowrun.json").replace("\"result\": \"FAILURE\"", "\"result\": \"ABORTED\""))));

        assertThat(client.buildStatus(new BuildRef(JOB, 52)).result()).contains(BuildResult.ABORTED);
    }

    @Test
    void aBadTokenIsAClientErrorThatNeverShowsTheToken() {
        jenkins.stubFor(post(urlPathEqualTo("/jenkins/job/folder/job/pipeline/build"))
                .willReturn(aResponse().withStatus(401).withBody("Invalid password/token for user: mlops-bot")));

        assertThatThrownBy(() -> client.trigger(JOB, Map.of()))
                .isInstanceOf(MlopsClientException.class)
                .hasMessageContaining("HTTP 401: the user or API token is wrong")
                .satisfies(e -> assertThat(e.getMessage() + e.toString() + ((MlopsException) e).context())
                        .doesNotContain(TOKEN));
        assertThat(client.toString()).doesNotContain(TOKEN).contains("127.0.0.1");
    }

    @Test
    void jenkinsGoingDownIsARetryableBackendError() {
        jenkins.stubFor(get(urlEqualTo("/jenkins/queue/item/599/api/json")).inScenario("down")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(fixture("queue/blockeditem.json")))
                .willSetStateTo("down"));
        jenkins.stubFor(get(urlEqualTo("/jenkins/queue/item/599/api/json")).inScenario("down")
                .whenScenarioStateIs("down").willReturn(aResponse().withStatus(503).withBody("Jenkins is going to shut down")));

        assertThatThrownBy(() -> client.awaitBuild(new QueueItemRef(JOB, 599), Duration.ofSeconds(5)))
                .isInstanceOf(MlopsBackendException.class)
                .hasMessageContaining("HTTP 503: Jenkins is failing or overloaded")
                .matches(e -> ((MlopsException) e).retryable());

        jenkins.stop();
        assertThatThrownBy(() -> client.buildStatus(new BuildRef(JOB, 1)))
                .isInstanceOf(MlopsBackendException.class)
                .hasMessageContaining("did not answer GET job/folder/job/pipeline/1/api/json")
                .matches(e -> ((MlopsException) e).retryable());
    }

    @Test
    void aQueueLocationOutsideTheJenkinsRootIsRefused() {
        jenkins.stubFor(post(urlEqualTo("/jenkins/job/folder/job/pipeline/build")).willReturn(aResponse()
                .withStatus(201).withHeader("Location", "http://attacker.example/jenkins/queue/item/1/")));

        assertThatThrownBy(() -> client.trigger(JOB, Map.of()))
                .isInstanceOf(MlopsBackendException.class)
                .hasMessageContaining("outside its root")
                .hasMessageContaining("refusing to send the credentials there");
    }

    @Test
    void aBuildsCausesOfInterruption_areAskedForInTheTree_andToldApartByTheirClass() {
        // workflowrun.json, aborted, with the InterruptedBuildAction Jenkins adds: FlowInterruptedException.handle for a
        // timeout (workflow-step-api), Executor.recordCauseOfInterruption for a stop (core). CauseAction's causes are
        // start causes, not interruptions.
        String timedOut = fixture("run/workflowrun.json").replace("\"result\": \"FAILURE\"", "\"result\": \"ABORTED\"")
                .replace("\"actions\": [", "\"actions\": [{\"_class\": \"jenkins.model.InterruptedBuildAction\", \"causes\": [{"
                        + "\"_class\": \"org.jenkinsci.plugins.workflow.steps.TimeoutStepExecution$ExceededTimeout\","
                        + " \"shortDescription\": \"Timeout has been exceeded\"}]},");
        String stopped = timedOut.replace("org.jenkinsci.plugins.workflow.steps.TimeoutStepExecution$ExceededTimeout",
                "jenkins.model.CauseOfInterruption$UserInterruption").replace("Timeout has been exceeded", "Aborted by admin");
        String tree = "number,queueId,building,result,timestamp,duration,description,"
                + "actions[parameters[name,value],causes[shortDescription]]";
        jenkins.stubFor(get(urlPathEqualTo("/jenkins/job/folder/job/pipeline/52/api/json"))
                .withQueryParam("tree", equalTo(tree)).willReturn(aResponse().withStatus(200).withBody(timedOut)));
        jenkins.stubFor(get(urlPathEqualTo("/jenkins/job/folder/job/pipeline/53/api/json"))
                .withQueryParam("tree", equalTo(tree)).willReturn(aResponse().withStatus(200).withBody(stopped)));

        BuildDetails t = client.build(new BuildRef(JOB, 52)).orElseThrow();
        assertThat(t.interruptions()).containsExactly(new Interruption(Interruption.EXCEEDED_TIMEOUT,
                "Timeout has been exceeded"));
        assertThat(t.timedOut()).isTrue();
        assertThat(t.parameters()).containsEntry("parameter1", "value1");
        BuildDetails s = client.build(new BuildRef(JOB, 53)).orElseThrow();
        assertThat(s.interruptions()).extracting(Interruption::causeClass).containsExactly(Interruption.USER_INTERRUPTION);
        assertThat(s.timedOut()).isFalse();
    }

    @Test
    void badInputIsRejectedWhenBuilt() {
        assertThatThrownBy(() -> JobPath.of("a/b c")).hasMessage(
                "JobPath.segments = \"b c\" is invalid: must be 1 to 100 characters matching [A-Za-z0-9][A-Za-z0-9._-]{0,99}");
        assertThatThrownBy(() -> PipelineJobSpec.builder().build()).hasMessageContaining("PipelineJobSpec.script");
        assertThatThrownBy(() -> JenkinsClient.builder().url("ftp://x/").user("u").apiToken(Secret.of("t")).build())
                .hasMessageContaining("JenkinsClient.url");
        assertThatThrownBy(() -> JenkinsClient.builder().url("http://x/").apiToken(Secret.of("t")).build())
                .hasMessageContaining("JenkinsClient.user");
    }

    private static String fixture(String name) {
        try (InputStream in = JenkinsClientTest.class.getResourceAsStream("/api4jenkins/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
