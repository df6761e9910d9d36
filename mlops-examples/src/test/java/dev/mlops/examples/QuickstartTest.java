package dev.mlops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.MlopsProjects;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.Project;
import dev.mlops.local.LocalBackend;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {
    @TempDir
    Path home;

    @Test
    void quickstart_runsTwice_deployingANewVersionEachTime() throws Exception {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        Map<String, Long> figures = Quickstart.run("abalone", home, new PrintStream(first, true, StandardCharsets.UTF_8));
        String out = first.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("Registered model version 1").contains("Prod endpoint abalone-prod").contains("Summary")
                .contains("serve --project abalone --port 8080 --home " + Quickstart.shellQuote(home.toAbsolutePath().toString()));
        assertThat(figures.get("modelComputeMillis")).isPositive();

        ByteArrayOutputStream second = new ByteArrayOutputStream();
        Quickstart.run("abalone", home, new PrintStream(second, true, StandardCharsets.UTF_8));
        assertThat(second.toString(StandardCharsets.UTF_8)).contains("Registered model version 2").contains("serves version 2");

        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.open("abalone", backend)) {
            assertThat(project.models().versions()).extracting(v -> v.status())
                    .containsExactly(ModelApprovalStatus.Approved, ModelApprovalStatus.Approved);
            assertThat(project.environments().prod().deployedVersion()).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(2));
            project.delete();
        }
        assertThat(home.resolve("projects").resolve("abalone")).doesNotExist();
    }
}
