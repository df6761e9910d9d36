package dev.mlops.local;

import static dev.mlops.local.Flows.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.spi.CommitRequest;
import dev.mlops.spi.Components;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RepositoryInfo;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.template.Capability;
import dev.mlops.template.RepositorySpec;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad states end cleanly: a failed create can be retried, an unusable store is refused, a delete stops every server. */
class BadStatesTest {
    @TempDir
    Path home;

    /** The embedded repositories, failing their first provisioning as a full disk or a kill would. */
    private static final class FailOnce implements SourceRepositories {
        private final SourceRepositories real;
        private final AtomicBoolean failed = new AtomicBoolean();

        FailOnce(SourceRepositories real) {
            this.real = real;
        }

        @Override
        public String backend() {
            return real.backend();
        }

        @Override
        public Set<Capability> capabilities() {
            return real.capabilities();
        }

        @Override
        public List<RepositoryInfo> list(ProjectRecord project) {
            return real.list(project);
        }

        @Override
        public RepositoryInfo provision(ProjectRecord project, RepositorySpec spec) {
            if (failed.compareAndSet(false, true)) {
                throw new MlopsBackendException("disk full while seeding " + spec.role(), null, java.util.Map.of(), true);
            }
            return real.provision(project, spec);
        }

        @Override
        public String commit(ProjectRecord project, String role, CommitRequest request) {
            return real.commit(project, role, request);
        }
    }

    @Test
    void aFailedCreate_canBeRetriedWithTheSameName() {
        try (LocalBackend backend = LocalBackend.builder().home(home).build()) {
            SourceRepositories flaky = new FailOnce(backend.repositories().orElseThrow());
            assertThatThrownBy(() -> MlopsProjects.builder().name("retry").repositories(flaky).backend(backend).create())
                    .isInstanceOf(MlopsBackendException.class).hasMessageContaining("disk full");
            try (Project project = MlopsProjects.builder().name("retry").backend(backend).create()) {
                assertThat(project.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
                assertThat(project.repositories().all()).hasSize(2);
            }
        }
    }

    @Test
    void aZeroLengthOrForeignStateStore_isRefused_andNothingIsOrphaned() throws IOException {
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("kept").backend(backend).create()) {
            project.pipelines().build().awaitLatest(TIMEOUT);
        }
        Path db = home.resolve("state.db");
        byte[] saved = Files.readAllBytes(db);
        Files.write(db, new byte[0]);
        // Before: an empty store was started, and the project's repositories were orphaned.
        assertThatThrownBy(() -> LocalBackend.builder().home(home).build()).isInstanceOf(MlopsBackendException.class)
                .hasMessageContaining("state.db").hasMessageContaining("empty (0 bytes)");
        assertThat(Files.size(db)).isZero();
        Files.writeString(db, "not a database at all, just text that is long enough");
        assertThatThrownBy(() -> LocalBackend.builder().home(home).build()).hasMessageContaining("not an SQLite database");
        Files.delete(db);
        assertThatThrownBy(() -> LocalBackend.builder().home(home).build()).hasMessageContaining("missing");

        Path other = home.resolve("other");
        Files.createDirectories(other);
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + other.resolve("state.db"));
             var st = c.createStatement()) {
            st.execute("CREATE TABLE photos(id INTEGER)");
        } catch (java.sql.SQLException e) {
            throw new IOException(e);
        }
        assertThatThrownBy(() -> LocalBackend.builder().home(other).build()).hasMessageContaining("something else")
                .hasMessageContaining("photos");

        Files.write(db, saved);
        try (Project project = MlopsProjects.open("kept", home)) {
            assertThat(project.models().versions()).hasSize(1);
        }
    }

    @Test
    void deleteFromAnotherProcess_stopsTheServersOfEveryProcess() {
        try (LocalBackend serving = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("gone").backend(serving).create()) {
            assertThat(project.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion v1 = project.models().version(1).approve("ok");
            project.environments().staging().awaitDeployed(v1, TIMEOUT);
            URI url = project.environments().staging().endpoint().url();
            Flows.await("the staging endpoint to answer its ping", () -> answers(url));

            try (LocalBackend other = LocalBackend.builder().home(home).build()) {
                MlopsProjects.open("gone", other).delete();
            }
            // Before: the serving process kept answering on the deleted project's port.
            Flows.await("the deleted project's endpoint to stop", () -> !answers(url));
        }
    }

    private static boolean answers(URI url) {
        try {
            HttpURLConnection c = (HttpURLConnection) url.resolve("/ping").toURL().openConnection(java.net.Proxy.NO_PROXY);
            c.setConnectTimeout(5000);
            c.setReadTimeout(5000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
