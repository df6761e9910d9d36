package dev.mlops.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.local.LocalBackend;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Templates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that dies after the register step committed but before the Build stage was marked done must not
 * leave the run failed nor register the model again: the next leader sees the committed registration and
 * completes the stage.
 */
class InterruptedRegistrationRecoveryTest {
    @TempDir
    Path home;

    @Test
    void buildStageInterruptedAfterRegistration_isCompletedWithoutRegisteringAgain() {
        ModelVersion v1;
        ProjectRecord record;
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("recover").template(Templates.modelBuildTrainDeploy())
                     .backend(backend).create()) {
            project.pipelines().build().awaitLatest(Duration.ofMinutes(3));
            v1 = project.models().version(1);
            record = backend.projectStore().orElseThrow().find("recover").orElseThrow();
        }

        // What a process killed between the two writes leaves behind: Source done, Build in progress, and the
        // register step's row committed with the version it registered.
        Db db = new Db(home);
        PipelineSpec build = record.template().pipeline(Templates.MODEL_BUILD).orElseThrow();
        String id = db.write(tx -> {
            String exec = Executions.create(tx, "recover", build, "commit replayed by the test", null);
            Executions.Row row = Executions.get(tx, exec).orElseThrow();
            row.status = ExecutionStatus.InProgress;
            row.stage("Source").status = ExecutionStatus.Succeeded.name();
            row.stage("Build").status = ExecutionStatus.InProgress.name();
            row.stage("Build").startedAt = System.currentTimeMillis();
            Executions.save(tx, row);
            tx.update("INSERT INTO ml_steps(execution_id, step, type, status, started_at, ended_at, detail) VALUES(?,?,?,?,?,?,?)",
                    exec, "RegisterAbaloneModel", "RegisterModel", "Succeeded", 1L, 2L, v1.arn());
            return exec;
        });
        db.close();

        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.open("recover", backend)) {
            Execution recovered = project.pipelines().build().executions().stream().filter(e -> e.id().equals(id))
                    .findFirst().orElseThrow().await(Duration.ofMinutes(1));
            assertThat(recovered.status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(recovered.stages().get(1).summary()).contains(v1.arn()).contains("before the process");
            List<ModelVersion> versions = project.models().versions();
            assertThat(versions).hasSize(1);
        }
    }
}
