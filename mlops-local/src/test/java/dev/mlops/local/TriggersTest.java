package dev.mlops.local;

import static dev.mlops.local.Flows.TIMEOUT;
import static dev.mlops.local.Flows.awaitRunOf;
import static dev.mlops.local.Flows.describe;
import static dev.mlops.local.Flows.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.Repository;
import dev.mlops.template.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The originals' two EventBridge rules on the embedded backend: commits start builds, approval changes start deploys. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriggersTest {
    @TempDir
    static Path dir;
    private LocalBackend backend;
    private Project project;

    @BeforeAll
    void createProject() {
        backend = LocalBackend.builder().home(dir.resolve("home")).build();
        project = MlopsProjects.builder().name("triggers").backend(backend).create();
        assertThat(project.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
    }

    @AfterAll
    void close() {
        project.close();
        backend.close();
    }

    @Test
    void commitThroughTheApi_startsTheBuildPipelineAtThatCommit() {
        Repository repo = project.repositories().named(Templates.MODEL_BUILD);
        String commit = repo.commit("Document the data", Map.of("data/NOTES.md", "Abalone rings are age + 1.5 years\n"));
        assertThat(repo.headCommit()).isEqualTo(commit);

        Execution build = awaitRunOf(project.pipelines().build(), commit);
        assertThat(build.status()).as(describe(build)).isEqualTo(ExecutionStatus.Succeeded);
        assertThat(build.trigger()).contains(commit.substring(0, 7)).contains("Document the data");
        ModelVersion registered = project.models().versions().stream()
                .filter(v -> commit.equals(v.lineage().get("sourceCommit"))).findFirst().orElseThrow();
        assertThat(registered.lineage()).containsEntry("pipelineExecution", build.id());
    }

    @Test
    void pushFromAGitClone_startsTheBuildPipelineAtThePushedCommit() throws Exception {
        Repository repo = project.repositories().named(Templates.MODEL_BUILD);
        Path work = dir.resolve("clone");
        String pushed;
        try (Git git = Git.cloneRepository().setURI(repo.cloneUri().toString()).setDirectory(work.toFile())
                .setBranch(repo.branch()).call()) {
            assertThat(work.resolve("pipeline.properties")).exists();
            Path pipeline = work.resolve("pipelines/abalone/AbalonePipeline.java");
            Files.writeString(pipeline, Files.readString(pipeline).replace("\"max_depth\", \"5\"", "\"max_depth\", \"4\""));
            git.add().addFilepattern("pipelines/abalone/AbalonePipeline.java").call();
            PersonIdent alice = new PersonIdent("alice", "alice@localhost");
            RevCommit c = git.commit().setMessage("Shallower trees").setAuthor(alice).setCommitter(alice).call();
            git.push().setRemote("origin").add(repo.branch()).call();
            pushed = c.getName();
        }
        assertThat(repo.headCommit()).isEqualTo(pushed);

        Execution build = awaitRunOf(project.pipelines().build(), pushed);
        assertThat(build.status()).as(describe(build)).isEqualTo(ExecutionStatus.Succeeded);
        assertThat(build.trigger()).contains(pushed.substring(0, 7)).contains("Shallower trees");
        assertThat(project.models().versions()).anySatisfy(v -> assertThat(v.lineage()).containsEntry("sourceCommit", pushed));
    }

    @Test
    void approvingAVersion_startsTheDeployPipelineWhichDeploysIt() {
        ModelVersion v = project.models().version(1);
        if (v.status() != dev.mlops.ModelApprovalStatus.Approved) {
            v = v.approve("good enough");
        }
        ModelVersion approved = v;
        Execution deploy = eventually("a deploy started by the approval of version 1", () -> project.pipelines().deploy()
                .executions().stream().filter(e -> e.trigger().equals("model version 1 Approved")).findFirst());
        project.environments().staging().awaitDeployed(approved, TIMEOUT);
        assertThat(Flows.stage(deploy.refresh(), "Build").summary()).contains("model version 1");
    }

    @Test
    void rejectingAVersion_startsTheDeployPipelineToo() {
        Execution build = project.pipelines().build().start().await(TIMEOUT);
        assertThat(build.status()).as(describe(build)).isEqualTo(ExecutionStatus.Succeeded);
        ModelVersion fresh = project.models().versions().stream()
                .filter(v -> build.id().equals(v.lineage().get("pipelineExecution"))).findFirst().orElseThrow();
        fresh.reject("not better than what we have");

        String trigger = "model version " + fresh.version() + " Rejected";
        Execution deploy = eventually("a deploy started by " + trigger, () -> project.pipelines().deploy().executions().stream()
                .filter(e -> e.trigger().equals(trigger)).findFirst());
        // It runs build.py again: the newest approved version, or a clear failure when there is none.
        Execution configured = eventually("the deploy's Build stage to end", () -> Optional.of(deploy.refresh())
                .filter(e -> Flows.stage(e, "Build").status().isTerminal()));
        assertThat(Flows.stage(configured, "Build").summary()).contains("model version");
    }
}
