package dev.mlops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Repository;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.template.Templates;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepositoryHandleTest {

    @Test
    void named_returnsTheRepositoryOfThatRole_readFresh() {
        try (MemoryFixture f = new MemoryFixture("repos")) {
            Repository build = f.project.repositories().named(Templates.MODEL_BUILD);
            assertThat(build).isInstanceOf(RepositoryHandle.class);
            assertThat(build.role()).isEqualTo(Templates.MODEL_BUILD);
            assertThat(build.name()).isEqualTo("sagemaker-repos-" + f.project.id() + "-modelbuild");
            assertThat(build.branch()).isEqualTo("main");
            assertThat(build.cloneUri().getScheme()).isEqualTo("memory");
            String seed = build.headCommit();
            assertThat(seed).matches("[0-9a-f]{40}");
            String next = build.commit("tests: a change", Map.of("notes.txt", "n"));
            assertThat(build.headCommit()).as("the same handle reads the new head").isEqualTo(next);
            assertThat(build.toString()).contains(build.name());
            assertThat(f.project.repositories().all()).extracting(Repository::role)
                    .containsExactly(Templates.MODEL_BUILD, Templates.MODEL_DEPLOY);
        }
    }

    @Test
    void named_ofAnUnknownRole_isNotFoundListingTheRoles() {
        try (MemoryFixture f = new MemoryFixture("norepo")) {
            assertThatThrownBy(() -> f.project.repositories().named("imagebuild"))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("imagebuild")
                    .hasMessageContaining("modelbuild").hasMessageContaining("modeldeploy");
            assertThatThrownBy(() -> f.project.repositories().named(" ")).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void commit_onAnExpectedHead_succeedsOnlyIfTheBranchDidNotMove() {
        try (MemoryFixture f = new MemoryFixture("heads")) {
            Repository deploy = f.project.repositories().named(Templates.MODEL_DEPLOY);
            String seed = deploy.headCommit();
            String mine = deploy.commit("tests: on the seed", Map.of("a.txt", "a"), seed);
            assertThatThrownBy(() -> deploy.commit("tests: on the seed again", Map.of("b.txt", "b"), seed))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining(mine).hasMessageContaining(seed);
            assertThat(deploy.headCommit()).isEqualTo(mine);
            assertThatThrownBy(() -> deploy.commit("tests", Map.of("c.txt", "c"), " "))
                    .isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> deploy.commit(" ", Map.of("c.txt", "c"))).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> deploy.commit("tests", Map.of("../c.txt", "c"))).isInstanceOf(ValidationException.class);
        }
    }
}
