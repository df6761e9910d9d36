package dev.mlops.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.exception.ValidationException;
import dev.mlops.template.Capability;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.Template;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SPI's readable repositories: commit values, the defaults of components that cannot read, poll intervals. */
class ReadableRepositoriesTest {

    /** A component that lists, provisions and commits, and nothing more. */
    private static final SourceRepositories WRITE_ONLY = new SourceRepositories() {
        @Override
        public String backend() {
            return "codecommit";
        }

        @Override
        public List<RepositoryInfo> list(ProjectRecord project) {
            return List.of();
        }

        @Override
        public RepositoryInfo provision(ProjectRecord project, RepositorySpec spec) {
            throw new AssertionError("not called");
        }

        @Override
        public String commit(ProjectRecord project, String role, CommitRequest request) {
            throw new AssertionError("not called");
        }
    };

    private static final ProjectRecord PROJECT = new ProjectRecord("abalone", "p-123456789012",
            Template.builder().id("t").displayName("T").build(), Map.of(), Instant.EPOCH);

    @Test
    void commitInfo_needsAnId_andGivesTheSubjectLine() {
        assertThatThrownBy(() -> new CommitInfo(" ", "m")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("CommitInfo.id");
        assertThatThrownBy(() -> new CommitInfo(null, "m")).isInstanceOf(ValidationException.class);
        CommitInfo c = new CommitInfo("abc123", "Shallower trees\n\nmax_depth 4");
        assertThat(c.subject()).isEqualTo("Shallower trees");
        assertThat(new CommitInfo("abc123", null).message()).isEmpty();
    }

    @Test
    void aComponentThatCannotRead_saysSo_andWhatToUseInstead() {
        assertThat(WRITE_ONLY.capabilities()).doesNotContain(Capability.READABLE_REPOSITORIES);
        assertThatThrownBy(() -> WRITE_ONLY.head(PROJECT, "modelbuild"))
                .isInstanceOf(UnsupportedByBackendException.class)
                .hasMessageContaining("codecommit").hasMessageContaining("repositories.readable");
        assertThatThrownBy(() -> WRITE_ONLY.export(PROJECT, "modelbuild", "abc123", Path.of("x")))
                .isInstanceOf(UnsupportedByBackendException.class)
                .hasMessageContaining("codecommit").hasMessageContaining("repositories.readable");
        assertThat(Capability.READABLE_REPOSITORIES.componentKind()).isEqualTo("repositories");
    }

    @Test
    void minimumInterval_isTheBackoffsFirstStep_zeroWhenEventDriven() {
        assertThat(WaitPolicy.backoff(Duration.ofMillis(250), Duration.ofSeconds(5), 2.0, Ticker.system())
                .minimumInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(WaitPolicy.remote().minimumInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(WaitPolicy.eventDriven(new ChangeSignal(), Duration.ofMillis(50)).minimumInterval()).isZero();
        assertThat(WRITE_ONLY.waitPolicy().minimumInterval()).isEqualTo(Duration.ofSeconds(1));
    }
}
