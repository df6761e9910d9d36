package dev.mlops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.LogChunk;
import dev.mlops.StageExecution;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.ValidationException;
import dev.mlops.template.StageType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionHandleTest {

    @Test
    void snapshot_andRefresh_andAwait() {
        try (MemoryFixture f = new MemoryFixture("exec", MemoryFixture.withoutBuildTrigger(), b -> b)) {
            Execution started = f.project.pipelines().build().start();
            assertThat(started).isInstanceOf(ExecutionHandle.class);
            assertThat(started.status().isTerminal()).isFalse();
            assertThat(started.pipeline()).isEqualTo("modelbuild");
            assertThat(started.endedAt()).isEmpty();
            assertThat(started.startedAt()).isEqualTo(f.time.now());
            Execution done = started.await(MemoryFixture.WAIT);
            assertThat(started.status().isTerminal()).as("a snapshot does not change").isFalse();
            assertThat(done.status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(done.refresh().status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(done.sourceCommit()).contains(f.project.repositories().named("modelbuild").headCommit());
            assertThat(done.endedAt()).isPresent();
            assertThat(done.stages()).extracting(StageExecution::type).containsExactly(StageType.SOURCE, StageType.ML_PIPELINE);
            assertThat(done.toString()).contains(done.id()).contains("Succeeded");
        }
    }

    @Test
    void log_isTheChunksJoined_andChunksResumeFromTheirCursor() {
        try (MemoryFixture f = new MemoryFixture("logs", MemoryFixture.withoutBuildTrigger(), b -> b.logChunkSize(5))) {
            Execution done = f.project.pipelines().build().start().await(MemoryFixture.WAIT);
            String whole = done.log("Build");
            assertThat(whole).contains("registered model version 1").contains("succeeded: ");
            StringBuilder joined = new StringBuilder();
            String cursor = LogChunk.START;
            int chunks = 0;
            while (true) {
                LogChunk c = done.log("Build", cursor);
                assertThat(c.text().length()).isLessThanOrEqualTo(5);
                joined.append(c.text());
                chunks++;
                if (c.text().isEmpty()) {
                    assertThat(c.complete()).isTrue();
                    assertThat(c.next()).isEqualTo(cursor);
                    break;
                }
                cursor = c.next();
            }
            assertThat(joined.toString()).isEqualTo(whole);
            assertThat(chunks).isGreaterThan(10);
            assertThatThrownBy(() -> done.log(" ")).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> done.log("Build", null)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> done.log("Build", "not-a-cursor")).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void followLog_handsTheTextToTheSinkUntilTheStageEnds() {
        try (MemoryFixture f = new MemoryFixture("follow", MemoryFixture.withoutBuildTrigger(), b -> b.logChunkSize(8))) {
            Execution started = f.project.pipelines().build().start();
            List<String> pieces = new ArrayList<>();
            Execution after = started.followLog("Build", pieces::add, MemoryFixture.WAIT);
            String followed = String.join("", pieces);
            assertThat(followed).contains("registered model version 1");
            assertThat(followed).isEqualTo(after.log("Build"));
            assertThat(after.stages()).filteredOn(s -> s.name().equals("Build")).extracting(StageExecution::status)
                    .containsExactly(ExecutionStatus.Succeeded);
            assertThatThrownBy(() -> started.followLog("Build", null, MemoryFixture.WAIT))
                    .isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void stop_endsARunningExecution_once() {
        try (MemoryFixture f = new MemoryFixture("stop", MemoryFixture.withoutBuildTrigger(), b -> b)) {
            Execution started = f.project.pipelines().build().start();
            started.stop("tests: not now");
            Execution stopped = started.refresh();
            assertThat(stopped.status()).isEqualTo(ExecutionStatus.Stopped);
            assertThat(stopped.stages()).extracting(StageExecution::summary).allSatisfy(s -> assertThat(s).contains("not now"));
            assertThatThrownBy(() -> started.stop("tests: again")).isInstanceOf(IllegalStateTransitionException.class);
            assertThatThrownBy(() -> started.stop(" ")).isInstanceOf(ValidationException.class);
            assertThat(f.project.models().versions()).as("the build never registered").isEmpty();
        }
    }
}
