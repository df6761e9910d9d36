package dev.mlops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.GroundTruth;
import dev.mlops.Monitors;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import org.junit.jupiter.api.Test;

class MonitorsHandleTest {

    @Test
    void aRunnerWithNoSchedules_findsNone_namingTheOnesThereAre() {
        try (MemoryFixture f = new MemoryFixture("monitors")) {
            Monitors m = f.project.monitors();
            assertThat(m).isInstanceOf(MonitorsHandle.class);
            assertThat(m.schedules()).isEmpty();
            assertThatThrownBy(() -> m.schedule("data-quality")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("deployed schedules are []");
            assertThatThrownBy(() -> m.executions("data-quality")).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> m.runNow("data-quality")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("data-quality");
            assertThatThrownBy(() -> m.schedule(" ")).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> m.executions("")).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> m.runNow(null)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> m.reportFiles(null)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> m.reportFile(null, "statistics.json")).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> m.groundTruth(" ")).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void groundTruth_isCollected_thenUploadedInOneCall() {
        try (MemoryFixture f = new MemoryFixture("truth")) {
            GroundTruth batch = f.project.monitors().groundTruth("truth-staging");
            assertThat(batch.upload()).as("nothing to upload").isEmpty();
            batch.add("inference-1", "10").add("inference-2", "7");
            assertThat(batch.size()).isEqualTo(2);
            f.memory.resetCalls();
            String where = batch.upload();
            assertThat(where).startsWith("memory://groundtruth/truth/truth-staging/").endsWith(".jsonl");
            assertThat(f.memory.calls()).containsEntry("monitors.addGroundTruth", 1L);
            assertThat(batch.size()).isZero();
            assertThatThrownBy(() -> batch.add(null, "1")).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> batch.add("", "1")).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> batch.add("inference-3", null)).isInstanceOf(ValidationException.class);
        }
    }
}
