package dev.mlops.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.ArtifactRef;
import dev.mlops.spi.ArtifactStore;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.ProjectStore;
import dev.mlops.spi.RegisterRequest;
import dev.mlops.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versions in the embedded registry may name artifacts of other stores (a composed orchestrator's {@code memory://}
 * or {@code s3://} URIs): deleting their project leaves those alone (and any file outside the home's artifact
 * directory), and fetching such a URI is a {@link NotFoundException}, not a {@code FileSystemNotFoundException}.
 */
class ForeignArtifactUriTest {
    @TempDir
    Path dir;

    @Test
    void delete_ofAProjectWhoseVersionsNameOtherStoresArtifacts_deletesOnlyItsOwnFiles() throws Exception {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "not the store's");
        try (LocalBackend local = LocalBackend.builder().home(dir.resolve("home")).build()) {
            ProjectStore store = local.projectStore().orElseThrow();
            ArtifactStore artifacts = local.artifacts().orElseThrow();
            ProjectRecord p = store.create(new ProjectDraft("foreign", Template.builder().id("bare").displayName("bare")
                    .build(), Map.of(), ""), e -> { });
            store.activate(p);
            ArtifactRef own = artifacts.put(p, Files.writeString(dir.resolve("model.tar.gz"), "model"));
            Map<String, String> containers = new LinkedHashMap<>();
            containers.put("model", "memory://artifacts/sha256/00/model.tar.gz");
            containers.put("s3", "s3://bucket/key/model.tar.gz");
            containers.put("outside", outside.toUri().toString());
            containers.put("own", own.uri());
            local.registry().orElseThrow().register(new RegisterRequest(p.name(), p.nameId(),
                    ModelApprovalStatus.PendingManualApproval, Map.of(), Map.of(), containers, "foreign-1"));

            store.delete(p);

            assertThat(store.find("foreign")).isEmpty();
            assertThat(outside).exists();
            assertThatThrownBy(() -> artifacts.fetch(own.uri())).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void fetch_ofAnotherStoresUri_isNotFound() {
        try (LocalBackend local = LocalBackend.builder().home(dir.resolve("home")).build()) {
            ArtifactStore artifacts = local.artifacts().orElseThrow();
            for (String uri : new String[] {"s3://bucket/key/model.tar.gz", "memory://artifacts/x/model.tar.gz",
                    "not a uri %%", "relative/path"}) {
                assertThatThrownBy(() -> artifacts.fetch(uri)).as(uri).isInstanceOf(NotFoundException.class);
            }
        }
    }
}
