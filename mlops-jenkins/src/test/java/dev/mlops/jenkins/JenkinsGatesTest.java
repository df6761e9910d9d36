package dev.mlops.jenkins;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.mlops.Secret;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stage view and {@code input} gates against WireMock stubs shaped like pipeline-rest-api's and pipeline-input-step's answers. */
class JenkinsGatesTest {
    private static final BuildRef BUILD = new BuildRef(JobPath.of("folder/pipeline"), 47);
    private static final String ID = "3eaa25d43fac6e39a12c3936942b72c8";

    private WireMockServer jenkins;
    private JenkinsClient client;

    @BeforeEach
    void start() {
        jenkins = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        jenkins.start();
        client = JenkinsClient.builder().url("http://127.0.0.1:" + jenkins.port() + "/")
                .user("mlops-bot").apiToken(Secret.of("t0ken")).pollInterval(Duration.ZERO).build();
        jenkins.stubFor(get(urlEqualTo("/crumbIssuer/api/json")).willReturn(aResponse().withStatus(200)
                .withBody(resource("/api4jenkins/jenkins/crumb.json"))));
        jenkins.stubFor(get(urlEqualTo("/job/folder/job/pipeline/47/wfapi/pendingInputActions"))
                .willReturn(aResponse().withStatus(200).withBody(resource("/api4jenkins/input/pendingInputActions.json"))));
    }

    @AfterEach
    void stop() {
        jenkins.stop();
    }

    @Test
    void readsStagesOfAPausedRun() {
        jenkins.stubFor(get(urlEqualTo("/job/folder/job/pipeline/47/wfapi/describe"))
                .willReturn(aResponse().withStatus(200).withBody(resource("/wfapi/describe-paused.json"))));

        assertThat(client.stages(BUILD)).containsExactly(
                new StageInfo("6", "Build", StageStatus.SUCCESS, 1559281453400L, 30000),
                new StageInfo("14", "Approve", StageStatus.PAUSED_PENDING_INPUT, 1559281483500L, 28000));
    }

    @Test
    void withoutTheStageViewPluginTheErrorSaysSo() {
        jenkins.stubFor(get(urlEqualTo("/job/folder/job/pipeline/47/wfapi/describe")).willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(() -> client.stages(BUILD)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("pipeline-stage-view (pipeline-rest-api) plugin");
    }

    @Test
    void approvesThePendingInputById() {
        jenkins.stubFor(post(urlEqualTo("/job/folder/job/pipeline/47/input/" + ID + "/proceedEmpty"))
                .willReturn(aResponse().withStatus(200)));

        List<PendingInput> inputs = client.pendingInputs(BUILD);
        assertThat(inputs).containsExactly(new PendingInput(BUILD, ID, "Is the build okay?", "Proceed"));
        client.approve(inputs.get(0));

        jenkins.verify(postRequestedFor(urlEqualTo("/job/folder/job/pipeline/47/input/" + ID + "/proceedEmpty"))
                .withHeader("mock-crumb-id", equalTo("mock-crumb")));
    }

    @Test
    void rejectsThePendingInput() {
        jenkins.stubFor(post(urlEqualTo("/job/folder/job/pipeline/47/input/" + ID + "/abort"))
                .willReturn(aResponse().withStatus(200)));

        client.reject(client.pendingInputs(BUILD).get(0));

        jenkins.verify(postRequestedFor(urlEqualTo("/job/folder/job/pipeline/47/input/" + ID + "/abort")));
    }

    @Test
    void anInputSettledAlreadyIsAConflict() {
        // InputStepExecution: Failure("This input has been already given"), rendered as 400.
        jenkins.stubFor(post(urlEqualTo("/job/folder/job/pipeline/47/input/" + ID + "/proceedEmpty"))
                .willReturn(aResponse().withStatus(400).withBody("<html><body>This input has been already given</body></html>")));

        assertThatThrownBy(() -> client.approve(new PendingInput(BUILD, ID, "Is the build okay?", "Proceed")))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("input '" + ID + "' of folder/pipeline #47 is no longer pending");
    }

    @Test
    void aNotPausedRunHasNoPendingInputs() {
        jenkins.stubFor(get(urlEqualTo("/job/folder/job/pipeline/48/wfapi/pendingInputActions"))
                .willReturn(aResponse().withStatus(200).withBody("[]")));

        assertThat(client.pendingInputs(new BuildRef(BUILD.job(), 48))).isEmpty();
    }

    @Test
    void anInputIdThatIsNotSafeInAUrlIsRefused() {
        jenkins.stubFor(get(urlEqualTo("/job/folder/job/pipeline/49/wfapi/pendingInputActions"))
                .willReturn(aResponse().withStatus(200).withBody("[{\"id\":\"../../../doDelete\",\"message\":\"x\"}]")));

        assertThatThrownBy(() -> client.pendingInputs(new BuildRef(BUILD.job(), 49)))
                .isInstanceOf(MlopsBackendException.class).hasMessageContaining("will not put in a URL");
    }

    @Test
    void followsTheConsoleLogByOffset() {
        // Jenkins' AnnotatedLargeText: X-Text-Size is the next offset, X-More-Data only while the build runs.
        jenkins.stubFor(get(urlEqualTo("/job/folder/job/pipeline/47/logText/progressiveText?start=0"))
                .willReturn(aResponse().withStatus(200).withHeader("X-Text-Size", "29").withHeader("X-More-Data", "true")
                        .withBody("Started by user mlops-bot\n[P")));
        jenkins.stubFor(get(urlEqualTo("/job/folder/job/pipeline/47/logText/progressiveText?start=29"))
                .willReturn(aResponse().withStatus(200).withHeader("X-Text-Size", "58")
                        .withBody("ipeline] End of Pipeline\nOK\n")));

        ConsoleChunk first = client.log(BUILD, 0);
        assertThat(first).isEqualTo(new ConsoleChunk("Started by user mlops-bot\n[P", 29, true));
        ConsoleChunk last = client.log(BUILD, first.nextOffset());
        assertThat(last.more()).isFalse();
        assertThat(first.text() + last.text()).isEqualTo("Started by user mlops-bot\n[Pipeline] End of Pipeline\nOK\n");
    }

    @Test
    void deletesAFolderAndToleratesOneAlreadyGone() {
        jenkins.stubFor(post(urlEqualTo("/job/folder/doDelete"))
                .willReturn(aResponse().withStatus(302).withHeader("Location", "http://127.0.0.1:" + jenkins.port() + "/")));
        jenkins.stubFor(post(urlEqualTo("/job/gone/doDelete")).willReturn(aResponse().withStatus(404)));

        assertThat(client.delete(JobPath.of("folder"))).isTrue();
        assertThat(client.delete(JobPath.of("gone"))).isFalse();
        jenkins.verify(postRequestedFor(urlEqualTo("/job/folder/doDelete")).withHeader("mock-crumb-id", equalTo("mock-crumb")));
    }

    private static String resource(String name) {
        try (InputStream in = JenkinsGatesTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
