package dev.mlops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Listing;
import dev.mlops.Pipeline;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.template.Templates;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineHandleTest {

    @Test
    void pipelines_areTheTemplates_underTheirFullNames() {
        try (MemoryFixture f = new MemoryFixture("pipes")) {
            Pipeline build = f.project.pipelines().build();
            assertThat(build).isInstanceOf(PipelineHandle.class);
            assertThat(build.role()).isEqualTo(Templates.MODEL_BUILD);
            assertThat(build.name()).isEqualTo("sagemaker-pipes-" + f.project.id() + "-modelbuild");
            assertThat(build.spec().stages()).extracting(s -> s.name()).containsExactly("Source", "Build");
            assertThat(f.project.pipelines().deploy().role()).isEqualTo(Templates.MODEL_DEPLOY);
            assertThat(f.project.pipelines().all()).hasSize(2);
            assertThat(build.toString()).contains(build.name());
            assertThatThrownBy(() -> f.project.pipelines().named("nope")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("modelbuild");
            assertThatThrownBy(() -> f.project.pipelines().named("")).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void start_withAnIdempotencyToken_startsOnce() {
        try (MemoryFixture f = new MemoryFixture("tokens", MemoryFixture.withoutBuildTrigger(), b -> b)) {
            Pipeline build = f.project.pipelines().build();
            Execution a = build.start(Map.of(), "tests-token-1");
            Execution b = build.start(Map.of(), "tests-token-1");
            assertThat(b.id()).isEqualTo(a.id());
            assertThat(a.trigger()).isEqualTo("started through the SDK");
            assertThat(build.executions()).extracting(Execution::id).containsExactly(a.id());
            assertThatThrownBy(() -> build.start(null, null)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> build.start(Map.of(), "not a token!")).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void executions_areNewestFirst_andTheirListingSaysWhyItIsShort() {
        try (MemoryFixture f = new MemoryFixture("execs", MemoryFixture.withoutBuildTrigger(), b -> b)) {
            Pipeline build = f.project.pipelines().build();
            assertThat(build.latestExecution()).isEmpty();
            Listing<Execution> none = build.executions();
            assertThatThrownBy(() -> none.get(0)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("executions of pipeline " + build.name()).hasMessageContaining("there are 0");
            Execution first = build.start().await(MemoryFixture.WAIT);
            Execution second = build.start().await(MemoryFixture.WAIT);
            assertThat(build.executions()).extracting(Execution::id).containsExactly(second.id(), first.id());
            assertThat(build.latestExecution()).hasValueSatisfying(e -> assertThat(e.id()).isEqualTo(second.id()));
            assertThat(build.executions().first()).hasValueSatisfying(e -> assertThat(e.id()).isEqualTo(second.id()));
        }
    }

    @Test
    void awaitLatest_returnsTheEndedExecution_andTimesOutWhenNoneStarts() {
        try (MemoryFixture f = new MemoryFixture("await", MemoryFixture.withoutBuildTrigger(), b -> b)) {
            Pipeline build = f.project.pipelines().build();
            assertThatThrownBy(() -> build.awaitLatest(Duration.ofMinutes(1)))
                    .isInstanceOf(MlopsBackendException.class)
                    .hasMessageContaining("an execution of pipeline " + build.name());
            build.start();
            Execution done = build.awaitLatest(MemoryFixture.WAIT);
            assertThat(done.status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThatThrownBy(() -> build.awaitLatest(Duration.ZERO)).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void awaitCommit_findsTheExecutionThatCommitStarted() {
        try (MemoryFixture f = new MemoryFixture("commit")) {
            f.built();
            String commit = f.project.repositories().named(Templates.MODEL_BUILD)
                    .commit("tests: retrain", Map.of("pipelines/notes.txt", "retrain"));
            Execution run = f.project.pipelines().build().awaitCommit(commit, MemoryFixture.WAIT);
            assertThat(run.sourceCommit()).contains(commit);
            assertThat(run.trigger()).contains(commit.substring(0, 7)).contains("tests: retrain");
            assertThat(run.status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThatThrownBy(() -> f.project.pipelines().build().awaitCommit(" ", MemoryFixture.WAIT))
                    .isInstanceOf(ValidationException.class);
        }
    }
}
