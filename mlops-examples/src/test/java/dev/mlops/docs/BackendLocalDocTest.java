package dev.mlops.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.MlopsProjects;
import dev.mlops.Project;
import dev.mlops.local.LocalBackend;
import dev.mlops.spi.Backend;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blocks of docs/backend-local.md. */
class BackendLocalDocTest {
    @TempDir
    Path home;

    @Test
    void theEmbeddedBackendBuiltByHand() throws Exception {
        Path dir = home;
        // tag::local-builder[]
        Backend local = LocalBackend.builder()
                .home(dir)                            // e.g. Path.of("/tmp/mlops")
                .user("alice")                        // the identity decisions and commits are recorded under
                .endpointPort("abalone-prod", 8080)   // bound when the endpoint is deployed
                .build();
        // end::local-builder[]
        try (local; Project project = MlopsProjects.builder().name("abalone").backend(local).create()) {
            assertThat(project.backend()).isEqualTo("local");
            assertThat(dir.resolve("projects").resolve("abalone")).isDirectory();
            assertThat(project.environments().prod().deployedVersion()).isEmpty(); // so 8080 was not bound here
            project.delete();
        }
    }
}
