package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.spi.Backend;
import dev.mlops.spi.EndpointHost;
import dev.mlops.spi.EndpointInfo;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.ProjectStore;
import dev.mlops.template.Capability;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of an {@link EndpointHost}, checked through the SPI on an endpoint its composition deploys: the
 * kit makes one project of {@link #template()}, lets the seed commit's build register version 1, approves it and
 * waits (under the host's policy) for staging to serve it. It then checks that the endpoint is described with what
 * it serves, answers the same request the same way (with or without an inference id), that unknown endpoints are
 * empty or {@link NotFoundException}s, and, last, that undeploying removes the endpoint once.
 *
 * <p>Override {@link #endpoints(Backend)} to check a host that is not its backend's own, {@link #sampleRow()} for a
 * template whose model takes other rows, and {@link #assertAnswer(String, int)} for answers that are not one number
 * per row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class EndpointHostCompatibilityKit {

    /** Scratch space for the backend, shared by the kit's tests. */
    @TempDir
    static Path scratch;

    private Backend backend;
    private EndpointHost host;
    private Project project;
    private ProjectRecord record;
    private ModelVersion v1;
    private String staging;

    /** Makes the kit; subclasses name the backend in {@link #newBackend(Path)}. */
    protected EndpointHostCompatibilityKit() {
    }

    /**
     * Makes the backend that holds (or completes the composition of) the host under test. Called once; the kit closes
     * it after the last test.
     *
     * @param scratch an empty directory the backend may use
     * @return the backend
     */
    protected abstract Backend newBackend(Path scratch);

    /**
     * The endpoint host under test.
     *
     * @param backend the backend
     * @return by default the backend's own
     */
    protected EndpointHost endpoints(Backend backend) {
        return backend.endpoints().orElseThrow(() -> new AssertionError(backend.name() + " has no endpoint host"));
    }

    /**
     * The template of the kit's project: one whose build registers a version and whose deploy pipeline deploys the
     * approved version to {@code staging}.
     *
     * @return by default {@link Templates#modelBuildTrainDeploy()}
     */
    protected Template template() {
        return Templates.modelBuildTrainDeploy();
    }

    /**
     * A CSV row without label that the deployed model answers.
     *
     * @return an abalone row by default
     */
    protected String sampleRow() {
        return "M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15";
    }

    /**
     * Checks an answer to {@code rows} rows of {@link #sampleRow()}.
     *
     * @param answer the response body
     * @param rows how many rows were sent
     */
    protected void assertAnswer(String answer, int rows) {
        String[] lines = answer.strip().split("\r?\n|,");
        assertThat(lines).as("one answer per row in %s", answer).hasSize(rows);
        for (String line : lines) {
            assertThat(Double.parseDouble(line.strip())).as("the answer %s", answer).isBetween(1.0, 30.0);
        }
    }

    /**
     * How long the build and the staging deployment may take.
     *
     * @return by default three minutes (on the host's ticker)
     */
    protected Duration timeout() {
        return Duration.ofMinutes(3);
    }

    @BeforeAll
    void deployStaging() {
        backend = newBackend(scratch);
        host = endpoints(backend);
        ProjectStore store = backend.projectStore().orElseThrow(() -> new AssertionError(backend.name()
                + " has no project store"));
        project = MlopsProjects.builder().name(Kits.name("endpoints")).template(template()).endpoints(host)
                .backend(backend).create();
        Execution build = project.pipelines().build().awaitLatest(timeout());
        assertThat(build.status()).as("the seed commit's build %s %s", build, build.stages())
                .isEqualTo(ExecutionStatus.Succeeded);
        v1 = Kits.await("version 1", timeout(), host.waitPolicy(), () -> project.models().versions().stream()
                .filter(v -> v.version() == 1).findFirst()).approve("tck: deploy it");
        project.environments().staging().awaitDeployed(v1, timeout());
        record = Kits.await("the project's record", timeout(), host.waitPolicy(), () -> store.find(project.name()));
        staging = record.endpointName(Templates.STAGING);
    }

    @AfterAll
    void stopBackend() {
        try {
            if (project != null) {
                project.delete();
                project.close();
            }
        } finally {
            Kits.close(backend);
        }
    }

    private <T> T eventually(String what, Supplier<Optional<T>> check) {
        return Kits.await(what, timeout(), host.waitPolicy(), check);
    }

    private byte[] rows(int n) {
        return (sampleRow() + "\n").repeat(n).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void describe_ofADeployedEndpoint_saysWhatItServes() {
        EndpointInfo info = eventually("staging to read as in service", () -> host.describe(record, staging)
                .filter(i -> i.status().equals("InService")));
        assertThat(info.name()).isEqualTo(staging);
        assertThat(info.environment()).isEqualTo(Templates.STAGING);
        assertThat(info.modelArn()).contains(v1.arn());
        assertThat(info.url()).isPresent();
        assertThat(info.updatedAt()).isNotNull();
    }

    @Test
    void describe_ofAnUnknownEndpoint_isEmpty() {
        assertThat(host.describe(record, record.endpointName("nowhere"))).isEmpty();
        assertThat(host.describe(record, record.endpointName(Templates.PROD))).as("prod, behind its gate").isEmpty();
    }

    @Test
    void invoke_answersEachRow_theSameWayEachTime() {
        String one = new String(host.invoke(record, staging, "text/csv", "text/csv", rows(1)), StandardCharsets.UTF_8);
        assertAnswer(one, 1);
        String again = new String(host.invoke(record, staging, "text/csv", "text/csv", rows(1)), StandardCharsets.UTF_8);
        assertThat(again).isEqualTo(one);
        String three = new String(host.invoke(record, staging, "text/csv", "text/csv", rows(3)), StandardCharsets.UTF_8);
        assertAnswer(three, 3);
    }

    @Test
    void invoke_withAnInferenceId_answersAsWithout_orIsRefusedAsUnsupported() {
        String plain = new String(host.invoke(record, staging, "text/csv", "text/csv", rows(1)), StandardCharsets.UTF_8);
        try {
            String withId = new String(host.invoke(record, staging, "text/csv", "text/csv", rows(1), "tck-inference-1"),
                    StandardCharsets.UTF_8);
            assertThat(withId).isEqualTo(plain);
        } catch (UnsupportedByBackendException e) {
            assertThat(e).hasMessageContaining("inference id");
        }
    }

    @Test
    void invoke_ofAnUnknownEndpoint_isNotFound() {
        assertThatThrownBy(() -> host.invoke(record, record.endpointName("nowhere"), "text/csv", "text/csv", rows(1)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(record.endpointName("nowhere"));
    }

    @Test
    void component_offersEndpoints_andHasAWaitPolicy() {
        assertThat(host.backend()).isNotBlank();
        assertThat(host.capabilities()).contains(Capability.ENDPOINTS);
        assertThat(host.waitPolicy()).isNotNull();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void undeploy_removesTheEndpoint_once() {
        assertThat(host.undeploy(record, staging)).isTrue();
        eventually("staging to be gone", () -> host.describe(record, staging).isEmpty() ? Optional.of(true) : Optional.empty());
        assertThat(host.undeploy(record, staging)).as("a second undeploy").isFalse();
        assertThatThrownBy(() -> host.invoke(record, staging, "text/csv", "text/csv", rows(1)))
                .isInstanceOf(NotFoundException.class);
        assertThat(host.undeploy(record, record.endpointName("nowhere"))).isFalse();
    }
}
