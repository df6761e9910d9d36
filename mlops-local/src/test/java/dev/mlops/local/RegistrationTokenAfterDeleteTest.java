package dev.mlops.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.ProjectStore;
import dev.mlops.spi.RegisterRequest;
import dev.mlops.template.Template;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client token names a registration while its version exists: once the project (and its versions) is deleted,
 * the token registers anew instead of pointing at a version that is gone.
 */
class RegistrationTokenAfterDeleteTest {
    @TempDir
    Path home;

    @Test
    void register_withATokenOfADeletedProjectsVersion_registersANewVersion() {
        try (LocalBackend local = LocalBackend.builder().home(home).build()) {
            ProjectStore store = local.projectStore().orElseThrow();
            ModelRegistry registry = local.registry().orElseThrow();
            Template bare = Template.builder().id("bare").displayName("bare").build();
            ProjectRecord first = store.create(new ProjectDraft("tokens", bare, Map.of(), ""), e -> { });
            store.activate(first);
            ModelVersionInfo old = registry.register(request(first));
            store.delete(first);

            ProjectRecord second = store.create(new ProjectDraft("tokens", bare, Map.of(), ""), e -> { });
            store.activate(second);
            ModelVersionInfo fresh = registry.register(request(second));

            assertThat(fresh.group()).isEqualTo(second.nameId());
            assertThat(fresh.arn()).isNotEqualTo(old.arn());
            assertThat(registry.byArn(fresh.arn())).isPresent();
            assertThat(registry.register(request(second)).arn()).as("idempotent again").isEqualTo(fresh.arn());
        }
    }

    private static RegisterRequest request(ProjectRecord p) {
        return new RegisterRequest(p.name(), p.nameId(), ModelApprovalStatus.PendingManualApproval, Map.of("mse", 3.0),
                Map.of(), Map.of("model", "s3://bucket/model.tar.gz"), "execution-1/RegisterModel");
    }
}
