package dev.mlops.jenkins;

import dev.mlops.jenkins.fixtures.JenkinsFake;
import dev.mlops.spi.Backend;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.Ticker;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.tck.OrchestratorCompatibilityKit;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * The orchestrator kit against {@link JenkinsOrchestrator} on a {@link JenkinsFake} that requires crumbs and runs the
 * rendered Jenkinsfiles' {@code sh} steps as real processes. The other components (project store, repositories)
 * come from the test kit's in-memory backend.
 */
class JenkinsOrchestratorCompatibilityTest extends OrchestratorCompatibilityKit {
    private JenkinsFake jenkins;

    @Override
    protected Backend newBackend(Path scratch) {
        jenkins = JenkinsFake.builder().build();
        return InMemoryBackend.create();
    }

    @Override
    protected Orchestrator orchestrator(Backend backend) {
        return Jenkins.orchestrator().url(jenkins.url()).user(jenkins.user()).apiToken(jenkins.token())
                .folder("mlops")
                .waitPolicy(WaitPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(300), 2.0, Ticker.system()))
                .pollInterval(Duration.ofMillis(20)).build();
    }

    @AfterAll
    void stopJenkins() {
        if (jenkins != null) {
            jenkins.close();
        }
    }
}
