package dev.mlops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Environment;
import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import org.junit.jupiter.api.Test;

class EnvironmentHandleTest {

    @Test
    void environments_areTheTemplates_withTheirEndpointNames() {
        try (MemoryFixture f = new MemoryFixture("envs")) {
            Environment staging = f.project.environments().staging();
            assertThat(staging).isInstanceOf(EnvironmentHandle.class);
            assertThat(staging.name()).isEqualTo("staging");
            assertThat(staging.endpointName()).isEqualTo("envs-staging");
            assertThat(f.project.environments().prod().endpointName()).isEqualTo("envs-prod");
            assertThat(f.project.environments().all()).extracting(Environment::name).containsExactly("staging", "prod");
            assertThatThrownBy(() -> f.project.environments().named("qa")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("[staging, prod]");
            assertThatThrownBy(() -> f.project.environments().named(" ")).isInstanceOf(ValidationException.class);
            assertThat(staging.deployedVersion()).isEmpty();
            assertThatThrownBy(staging::endpoint).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("nothing is deployed to staging yet");
            assertThat(staging.toString()).contains("staging");
        }
    }

    @Test
    void rollbackTo_deploysAnOlderApprovedVersion_andRefusesOthers() {
        try (MemoryFixture f = new MemoryFixture("rollback")) {
            ModelVersion v1 = f.built();
            f.inProd(v1);
            ModelVersion v2 = f.buildAgain();
            Environment staging = f.project.environments().staging();

            assertThatThrownBy(() -> staging.rollbackTo(v2, "tests: not approved"))
                    .isInstanceOf(IllegalStateTransitionException.class)
                    .hasMessageContaining("only an approved version");

            f.inStaging(v2);
            assertThat(staging.deployedVersion()).contains(v2);
            Execution rollback = staging.rollbackTo(v1, "tests: v2 is worse");
            assertThat(rollback.pipeline()).isEqualTo("modeldeploy");
            assertThat(rollback.trigger()).contains("rollback of staging to model version 1").contains("v2 is worse");
            staging.awaitDeployed(v1, MemoryFixture.WAIT);
            assertThat(staging.deployedVersion()).contains(v1);
            assertThat(f.project.environments().prod().deployedVersion()).contains(v1);

            assertThatThrownBy(() -> staging.rollbackTo(null, "x")).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> staging.rollbackTo(v1, " ")).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void rollbackTo_aVersionOfAnotherGroup_isRefused() {
        try (MemoryFixture f = new MemoryFixture("mine");
                Project other = MlopsProjects.builder().name("theirs").backend(f.memory).create()) {
            f.built();
            other.pipelines().build().awaitLatest(MemoryFixture.WAIT);
            ModelVersion theirs = other.models().version(1).approve("tests");
            assertThatThrownBy(() -> f.project.environments().staging().rollbackTo(theirs, "tests"))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("a model version of group " + f.project.models().group());
        }
    }

    @Test
    void undeploy_removesTheEndpoint_once() {
        try (MemoryFixture f = new MemoryFixture("undeploy")) {
            f.inStaging(f.built());
            Environment staging = f.project.environments().staging();
            assertThat(staging.endpoint().name()).isEqualTo("undeploy-staging");
            assertThat(staging.undeploy("tests: done")).isTrue();
            assertThat(staging.deployedVersion()).isEmpty();
            assertThatThrownBy(staging::endpoint).isInstanceOf(NotFoundException.class);
            assertThat(staging.undeploy("tests: again")).isFalse();
            assertThatThrownBy(() -> staging.undeploy(" ")).isInstanceOf(ValidationException.class);
            assertThat(f.project.pipelines().deploy().latestExecution().orElseThrow().status())
                    .as("the deploy still waits at its gate").isEqualTo(ExecutionStatus.WaitingForApproval);
        }
    }
}
