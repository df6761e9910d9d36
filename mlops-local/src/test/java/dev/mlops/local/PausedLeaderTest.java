package dev.mlops.local;

import static dev.mlops.local.Flows.ROW;
import static dev.mlops.local.Flows.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.exception.MlopsBackendException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leading process is paused (SIGSTOP) long enough to lose its lease, then resumed: this process takes over,
 * the paused one's late writes are fenced, and its endpoints come back here once it lets go of their ports.
 */
class PausedLeaderTest {
    @TempDir
    Path home;

    private static void signal(Process p, String sig) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    /**
     * Pauses the leader between two writes. A process stopped inside a write transaction holds SQLite's write lock
     * until it resumes, so no other process can write at all (it fails cleanly after the busy timeout); that is
     * SQLite's rule, not what these tests are about. So: stop, probe for the write lock, and if the stop landed inside
     * a transaction, let the leader finish it and stop it again.
     */
    private void pauseBetweenWrites(Process p) throws Exception {
        for (int i = 0; i < 50; i++) {
            signal(p, "STOP");
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.resolve("state.db"));
                    java.sql.Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout=200");
                st.execute("BEGIN IMMEDIATE");
                st.execute("ROLLBACK");
                return;
            } catch (java.sql.SQLException busy) {
                signal(p, "CONT");
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the leader held the state store's write lock at each of 50 pauses");
    }

    @Test
    void pausedMidBuild_theResumedLeaderRegistersNothing_andTheRunEndsOnce() throws Exception {
        try (Flows.Child leader = new Flows.Child(ChildProcessMain.class, List.of(), "lead", home.toString(), "paused", "build")) {
            leader.awaitLine("EVENT StepProgress Step PreprocessAbaloneData Executing");
            pauseBetweenWrites(leader.process);
            try (LocalBackend backend = LocalBackend.builder().home(home).lease(Duration.ofSeconds(1)).build();
                 Project project = MlopsProjects.open("paused", backend)) {
                Execution build = project.pipelines().build().awaitLatest(TIMEOUT);
                assertThat(build.status()).isEqualTo(ExecutionStatus.Failed);
                assertThat(Flows.stage(build, "Build").summary()).contains("interrupted");
                signal(leader.process, "CONT");
                // Before: the resumed leader went on, registered a version and could rewrite the run's status.
                Thread.sleep(6_000);
                assertThat(project.models().versions()).isEmpty();
                assertThat(build.refresh().status()).isEqualTo(ExecutionStatus.Failed);
            } finally {
                signal(leader.process, "CONT");
                leader.process.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void pausedAtTheGate_stagingComesBackHereOnceTheResumedLeaderLetsGo_andApprovalReachesProdOnce() throws Exception {
        try (Flows.Child leader = new Flows.Child(ChildProcessMain.class, List.of(), "lead", home.toString(), "held", "gate")) {
            String stagingUrl = leader.awaitLine("AT-GATE ").substring("AT-GATE ".length());
            pauseBetweenWrites(leader.process);
            try (LocalBackend backend = LocalBackend.builder().home(home).lease(Duration.ofSeconds(1)).build();
                 Project project = MlopsProjects.open("held", backend)) {
                // The paused process still holds staging's port: this process retries (before: once, then never).
                Thread.sleep(4_000);
                signal(leader.process, "CONT");
                String answer = Flows.eventually("staging to answer from this process", () -> {
                    try {
                        return Optional.of(project.environments().staging().endpoint().invoke(ROW));
                    } catch (MlopsBackendException notYet) {
                        return Optional.empty();
                    }
                });
                assertThat(Double.parseDouble(answer.strip())).isBetween(1.0, 30.0);
                assertThat(project.environments().staging().endpoint().url().toString()).isEqualTo(stagingUrl);

                ModelVersion v1 = project.models().version(1);
                Gate gate = project.gates().awaitPending(v1, TIMEOUT);
                gate.approve("after the pause");
                project.environments().prod().awaitDeployed(v1, TIMEOUT);
                Execution run = project.pipelines().deploy().executions().stream()
                        .filter(e -> e.id().equals(gate.executionId())).findFirst().orElseThrow().await(TIMEOUT);
                assertThat(run.status()).isEqualTo(ExecutionStatus.Succeeded);
                assertThat(run.stages()).filteredOn(s -> s.name().equals("DeployProd")).singleElement()
                        .satisfies(s -> assertThat(s.status()).isEqualTo(ExecutionStatus.Succeeded));
            } finally {
                leader.process.destroyForcibly().waitFor();
            }
        }
    }
}
