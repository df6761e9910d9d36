package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that need no project: completion and render. */
class CompletionAndRenderTest {
    @TempDir
    Path dir;

    @Test
    void completion_printsABashScriptThatKnowsEveryCommandAndTheTemplates() {
        Cli.Run r = Cli.raw("completion");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_mlops")
                .contains("quickstart").contains("pipelines").contains("approve").contains("--json")
                .contains("model-building-training-deployment-monitoring").contains("ZSH_VERSION");
    }

    @Test
    void completion_isValidBash() throws Exception {
        Path script = Files.writeString(dir.resolve("mlops-completion.bash"), Cli.raw("completion").out());
        Process p = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
    }

    @Test
    void render_writesTheProjectAndEndpointStacks_asCloudFormationJson() throws Exception {
        Path out = dir.resolve("cfn");
        Cli.Run r = Cli.raw("--json", "render", "--template", "model-building-training-deployment", "-p", "abalone",
                "--out", out.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.path("template").asText()).isEqualTo("model-building-training-deployment");
        assertThat(doc.path("files")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(doc.path("seedArchives")).extracting(a -> a.path("repository").asText())
                .contains("modelbuild", "modeldeploy");
        ObjectMapper m = new ObjectMapper();
        for (JsonNode f : doc.path("files")) {
            Path file = Path.of(f.asText());
            assertThat(file).exists();
            JsonNode cfn = m.readTree(file.toFile());
            assertThat(cfn.path("Resources").isObject()).as(file.toString()).isTrue();
            assertThat(cfn.path("Resources").size()).isPositive();
        }
        assertThat(out.resolve("abalone-project.json")).exists();

        Cli.Run text = Cli.raw("render", "-t", "model-building-training", "-p", "demo", "-o", dir.resolve("t").toString());
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("Rendered template model-building-training for project demo").contains("demo-project.json");
    }

    @Test
    void render_ofAnUnknownTemplate_isAUsageErrorNamingTheTemplates() {
        Cli.Run r = Cli.raw("render", "-t", "nope", "-o", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("unknown template 'nope'").contains("model-building-training-deployment");
    }
}
