package dev.mlops.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.ModelVersion;
import dev.mlops.MlopsProjects;
import dev.mlops.Project;
import dev.mlops.template.Templates;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickFlowSmokeTest {
    @TempDir
    Path home;

    @Test
    void buildApproveStagingGateProd() {
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("abalone").template(Templates.modelBuildTrainDeploy())
                     .backend(backend).listener(e -> System.out.println(e.id() + " " + e.message())).create()) {
            Execution build = project.pipelines().build().awaitLatest(Duration.ofMinutes(3));
            System.out.println(build.stages());
            System.out.println(build.log("Build"));
            assertThat(build.status()).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion v = project.models().pendingApproval().get(0);
            assertThat(v.metrics().get("mse")).isLessThan(6.0);
            v.approve("good");
            project.environments().staging().awaitDeployed(v, Duration.ofMinutes(2));
            project.gates().awaitPending(Duration.ofMinutes(2)).approve("staging ok");
            project.environments().prod().awaitDeployed(v, Duration.ofMinutes(2));
            String answer = project.environments().prod().endpoint().invoke("M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15");
            System.out.println("answer " + answer);
            assertThat(Double.parseDouble(answer.strip())).isBetween(3.0, 25.0);
        }
    }
}
