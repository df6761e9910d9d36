package dev.mlops.local;

import static dev.mlops.local.Flows.ROW;
import static dev.mlops.local.Flows.TIMEOUT;
import static dev.mlops.local.Flows.awaitRunOf;
import static dev.mlops.local.Flows.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Endpoint;
import dev.mlops.Environment;
import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.template.Templates;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One project through a model's life: v1 approved and in prod, v2 trained with another hyperparameter,
 * approved (staging switches to it with no failed request), then rejected (staging rolls back to v1). The
 * tests run in order on the same project; each says which state it starts from.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollbackAndBlueGreenTest {
    @TempDir
    static Path home;
    private LocalBackend backend;
    private Project project;
    private ModelVersion v1;
    private ModelVersion v2;
    private String v1Answer;

    @BeforeAll
    void v1InProdAndV2Registered() throws Exception {
        backend = LocalBackend.builder().home(home).build();
        project = MlopsProjects.builder().name("lifecycle").template(Templates.modelBuildTrainDeploy()).backend(backend).create();
        assertThat(project.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
        v1 = project.models().version(1).approve("first model");
        project.environments().staging().awaitDeployed(v1, TIMEOUT);
        project.gates().awaitPending(TIMEOUT).approve("staging fine");
        project.environments().prod().awaitDeployed(v1, TIMEOUT);
        v1Answer = project.environments().staging().endpoint().invoke(ROW).strip();

        String commit = project.repositories().named(Templates.MODEL_BUILD).commit("Fewer boosting rounds",
                Map.of("pipelines/abalone/AbalonePipeline.java", seedPipeline().replace("\"num_round\", \"50\"", "\"num_round\", \"25\"")));
        Execution build = awaitRunOf(project.pipelines().build(), commit);
        assertThat(build.status()).as(describe(build)).isEqualTo(ExecutionStatus.Succeeded);
        v2 = project.models().version(2);
        assertThat(v2.lineage()).containsEntry("sourceCommit", commit);
    }

    @AfterAll
    void close() {
        project.close();
        backend.close();
    }

    @Test
    @Order(1)
    void approvingV2_switchesStagingBlueGreen_withNoFailedRequest() throws Exception {
        Endpoint staging = project.environments().staging().endpoint();
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<List<String>> answers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            List<String> mine = new ArrayList<>();
            answers.add(mine);
            Thread thread = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        mine.add(staging.invoke(ROW).strip());
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }, "hammer-" + t);
            threads.add(thread);
            thread.start();
        }
        try {
            Flows.eventually("requests before the switch", () -> java.util.Optional.of(1).filter(x -> answers.get(0).size() > 20));
            v2 = v2.approve("fewer rounds, similar MSE");
            project.environments().staging().awaitDeployed(v2, TIMEOUT);
            int seen = answers.get(0).size();
            Flows.eventually("requests after the switch", () -> java.util.Optional.of(1).filter(x -> answers.get(0).size() > seen + 20));
        } finally {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
        }
        assertThat(failures).as("failed requests during the switch").isEmpty();
        String v2Answer = project.environments().staging().endpoint().invoke(ROW).strip();
        assertThat(v2Answer).isNotEqualTo(v1Answer);
        for (List<String> mine : answers) {
            assertThat(mine).containsOnly(v1Answer, v2Answer);
            assertThat(mine.get(0)).isEqualTo(v1Answer);
            assertThat(mine.get(mine.size() - 1)).isEqualTo(v2Answer);
            // once a thread saw v2 it never saw v1 again
            int firstV2 = mine.indexOf(v2Answer);
            assertThat(mine.subList(firstV2, mine.size())).containsOnly(v2Answer);
        }
        assertThat(project.environments().prod().deployedVersion()).contains(v1);
    }

    @Test
    @Order(2)
    void rejectingV2_redeploysV1ToStaging_andProdNeverChanged() {
        Environment staging = project.environments().staging();
        assertThat(staging.deployedVersion()).contains(v2);
        v2.reject("worse on last week's data");

        staging.awaitDeployed(v1, TIMEOUT);
        assertThat(staging.endpoint().invoke(ROW).strip()).isEqualTo(v1Answer);
        assertThat(project.models().latestApproved()).contains(v1);
        assertThat(project.models().version(2).status()).isEqualTo(ModelApprovalStatus.Rejected);
        Execution rollback = project.pipelines().deploy().executions().get(0);
        assertThat(rollback.trigger()).isEqualTo("model version 2 Rejected");
        assertThat(Flows.stage(rollback, "Build").summary()).contains("model version 1");
        assertThat(project.environments().prod().deployedVersion()).contains(v1);
        assertThat(project.environments().prod().endpoint().invoke(ROW).strip()).isEqualTo(v1Answer);
    }

    static String seedPipeline() throws Exception {
        try (InputStream in = Templates.class.getClassLoader()
                .getResourceAsStream("dev/mlops/seed/modelbuild/pipelines/abalone/AbalonePipeline.java")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
