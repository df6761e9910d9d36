package dev.mlops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.Models;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.template.Templates;
import org.junit.jupiter.api.Test;

class ModelsHandleTest {

    @Test
    void emptyListing_whenTheLatestBuildFailed_saysWhereAndWhy() {
        try (MemoryFixture f = new MemoryFixture("failed", MemoryFixture.withoutBuildTrigger(), b -> b)) {
            f.memory.memoryOrchestrator().failStage(Templates.MODEL_BUILD, "Build", "tests: no training data");
            Execution build = f.project.pipelines().build().start().await(MemoryFixture.WAIT);
            assertThat(build.status()).isEqualTo(ExecutionStatus.Failed);
            Models models = f.project.models();
            assertThat(models).isInstanceOf(ModelsHandle.class);
            assertThatThrownBy(() -> models.versions().get(0))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("model versions in " + models.group())
                    .hasMessageContaining("there are 0")
                    .hasMessageContaining("the latest build, " + build.id() + ", failed at stage Build")
                    .hasMessageContaining("tests: no training data");
            assertThatThrownBy(() -> models.pendingApproval().get(0)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("failed");
            assertThatThrownBy(() -> models.version(1)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("the newest is none").hasMessageContaining("failed");
        }
    }

    @Test
    void emptyListing_whenNoBuildRan_orOneIsRunning_saysSo() {
        try (MemoryFixture f = new MemoryFixture("nobuild", MemoryFixture.withoutBuildTrigger(), b -> b)) {
            assertThatThrownBy(() -> f.project.models().versions().get(0)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("no build has run yet");
            Execution running = f.project.pipelines().build().start();
            assertThatThrownBy(() -> f.project.models().versions().get(0)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("the latest build, " + running.id() + ", is")
                    .hasMessageContaining("awaitLatest");
        }
        try (MemoryFixture f = new MemoryFixture("deployonly", Templates.modelDeploy(), b -> b)) {
            assertThatThrownBy(() -> f.project.models().versions().get(0)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("this template has no build pipeline");
        }
    }

    @Test
    void group_isTheProjectsOwn_orTheOneTheTemplateNames() {
        try (MemoryFixture f = new MemoryFixture("own")) {
            assertThat(f.project.models().group()).isEqualTo("own-" + f.project.id());
        }
        try (MemoryFixture f = new MemoryFixture("borrow", Templates.modelDeploy()
                .withParameter("SourceModelPackageGroupName", "shared-group"), b -> b)) {
            assertThat(f.project.models().group()).isEqualTo("shared-group");
        }
    }

    @Test
    void listings_pointReads_andApproval_throughTheRegistry() {
        try (MemoryFixture f = new MemoryFixture("models")) {
            ModelVersion v1 = f.built();
            Models models = f.project.models();
            assertThat(models.versions()).containsExactly(v1);
            assertThat(models.pendingApproval()).containsExactly(v1);
            assertThat(models.latestApproved()).isEmpty();
            assertThat(models.byArn(v1.arn())).isEqualTo(v1);
            assertThatThrownBy(() -> models.byArn("arn:mlops:memory:model-package/other/1"))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("not in group " + models.group());
            assertThatThrownBy(() -> models.byArn(" ")).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> models.version(7)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("the newest is version 1");

            v1.approve("tests: good");
            assertThat(models.latestApproved()).contains(v1);
            assertThat(models.pendingApproval()).isEmpty();
            assertThat(models.version(1).status()).isEqualTo(ModelApprovalStatus.Approved);

            f.project.pipelines().build().start();
            ModelVersion v2 = models.awaitNewVersion(MemoryFixture.WAIT);
            assertThat(v2.version()).isEqualTo(2);
            assertThat(models.versions()).extracting(ModelVersion::version).containsExactly(2, 1);
            assertThat(models.pendingApproval()).containsExactly(v2);
        }
    }
}
