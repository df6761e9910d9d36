package dev.mlops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.testkit.FakeTicker;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A wait against a remote-like backend backs off: against the in-memory backend with 50 ms per call, a one-minute
 * wait that never succeeds times out after at least a minute (of fake time) having made at most 30 calls.
 */
class AwaitBudgetTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void executionAwait_blockedAtAPendingGate_timesOutAfterAMinuteInAtMost30Calls() {
        FakeTicker time = new FakeTicker();
        try (InMemoryBackend memory = InMemoryBackend.builder().ticker(time).latency(Duration.ofMillis(50)).build();
                Project p = MlopsProjects.builder().name("budget").backend(memory).create()) {
            p.pipelines().build().awaitLatest(Duration.ofMinutes(10));
            ModelVersion v1 = p.models().version(1).approve("for the budget test");
            p.gates().awaitPending(v1, Duration.ofMinutes(10));
            Execution blocked = p.pipelines().deploy().latestExecution().orElseThrow();
            assertThat(blocked.status()).isEqualTo(ExecutionStatus.WaitingForApproval);

            memory.resetCalls();
            long start = time.nanoTime();
            long wallStart = System.nanoTime();
            assertThatThrownBy(() -> blocked.await(MINUTE))
                    .isInstanceOf(MlopsBackendException.class)
                    .hasMessageContaining("Timed out after PT1M")
                    .satisfies(e -> assertThat(((MlopsBackendException) e).retryable()).isTrue());
            assertThat(time.elapsedSince(start)).isGreaterThanOrEqualTo(MINUTE);
            assertThat(memory.totalCalls()).as("calls %s", memory.calls()).isLessThanOrEqualTo(30).isPositive();
            assertThat(memory.calls()).containsOnlyKeys("orchestrator.execution");
            assertThat(Duration.ofNanos(System.nanoTime() - wallStart)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void awaitPending_whenNoGateComes_timesOutAfterAMinuteInAtMost30Calls() {
        FakeTicker time = new FakeTicker();
        try (InMemoryBackend memory = InMemoryBackend.builder().ticker(time).latency(Duration.ofMillis(50)).build();
                Project p = MlopsProjects.builder().name("nogate").backend(memory).create()) {
            p.pipelines().build().awaitLatest(Duration.ofMinutes(10));
            memory.resetCalls();
            long start = time.nanoTime();
            assertThatThrownBy(() -> p.gates().awaitPending(MINUTE))
                    .isInstanceOf(MlopsBackendException.class)
                    .hasMessageContaining("Timed out after PT1M")
                    .hasMessageContaining("pending approval gate");
            assertThat(time.elapsedSince(start)).isGreaterThanOrEqualTo(MINUTE);
            assertThat(memory.totalCalls()).as("calls %s", memory.calls()).isLessThanOrEqualTo(30).isPositive();
        }
    }
}
