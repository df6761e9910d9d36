package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart's path driven command by command through the CLI with {@code --json}, each command in its own
 * "process" (a new project handle, as separate {@code mlops} runs are): every output parsed, every exit code checked.
 */
class QuickstartFlowCliTest {
    @TempDir
    Path home;

    private Cli.Run ok(Cli cli, String... args) {
        Cli.Run r = cli.run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    @Test
    void createBuildApproveStagingGateProdInvokeStatusDelete_allAsJson() {
        Cli cli = new Cli(home);

        JsonNode created = ok(cli, "--json", "create", "-p", "abalone").json();
        assertThat(created.path("name").asText()).isEqualTo("abalone");
        assertThat(created.path("id").asText()).matches("p-[a-z0-9]{12}");
        assertThat(created.path("created").asBoolean()).isTrue();
        assertThat(created.path("template").asText()).isEqualTo("model-building-training-deployment");
        assertThat(created.path("repositories")).hasSize(2);

        // stdout stays pure JSON with progress drawn: the progress goes to stderr
        Cli.Run build = ok(cli, "--json", "--progress=always", "pipelines", "await", "build", "-p", "abalone", "--timeout", "5m");
        JsonNode execution = build.json();
        assertThat(execution.path("status").asText()).isEqualTo("Succeeded");
        assertThat(execution.path("pipeline").asText()).isEqualTo("modelbuild");
        assertThat(execution.path("stages")).extracting(s -> s.path("name").asText()).containsExactly("Source", "Build");
        assertThat(build.err()).contains("modelbuild pipeline").contains("Model version 1 registered");

        JsonNode models = ok(cli, "--json", "models", "list", "-p", "abalone").json();
        assertThat(models.path("versions")).hasSize(1);
        JsonNode v1 = models.path("versions").get(0);
        assertThat(v1.path("version").asInt()).isEqualTo(1);
        assertThat(v1.path("status").asText()).isEqualTo("PendingManualApproval");
        assertThat(v1.path("metrics").path("mse").asDouble()).isBetween(0.1, 6.0);
        assertThat(v1.path("lineage").path("pipelineExecution").asText()).isEqualTo(execution.path("id").asText());

        JsonNode approved = ok(cli, "--json", "models", "approve", "1", "-p", "abalone", "-m", "MSE below 6.0").json();
        assertThat(approved.path("status").asText()).isEqualTo("Approved");
        assertThat(approved.path("decision").asText()).contains("MSE below 6.0");

        JsonNode staging = ok(cli, "--json", "endpoints", "await", "staging", "--version", "1", "-p", "abalone").json();
        assertThat(staging.path("modelVersion").asInt()).isEqualTo(1);
        assertThat(staging.path("url").asText()).startsWith("http://127.0.0.1:");

        JsonNode awaited = ok(cli, "--json", "gates", "await", "--version", "1", "-p", "abalone").json();
        assertThat(awaited.path("status").asText()).isEqualTo("Pending");
        JsonNode gates = ok(cli, "--json", "gates", "list", "-p", "abalone").json();
        assertThat(gates.path("gates")).hasSize(1);
        JsonNode gate = gates.path("gates").get(0);
        assertThat(gate.path("id").asText()).isEqualTo(awaited.path("id").asText());
        assertThat(gate.path("name").asText()).isEqualTo("ApproveDeployment");
        assertThat(gate.path("modelVersion").asInt()).isEqualTo(1);

        JsonNode decided = ok(cli, "--json", "gates", "approve", gate.path("id").asText(), "-p", "abalone",
                "-m", "staging tests passed").json();
        assertThat(decided.path("status").asText()).isEqualTo("Approved");

        JsonNode prod = ok(cli, "--json", "endpoints", "await", "prod", "--version", "1", "-p", "abalone").json();
        assertThat(prod.path("endpointName").asText()).isEqualTo("abalone-prod");

        String rows = "M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15\nF,0.53,0.42,0.135,0.677,0.2565,0.1415,0.21\n";
        JsonNode answer = ok(cli, "--json", "endpoints", "invoke", "prod", "-p", "abalone", "--data", rows).json();
        String[] predictions = answer.path("response").asText().strip().split("\n");
        assertThat(predictions).hasSize(2);
        for (String p : predictions) {
            assertThat(Double.parseDouble(p)).isBetween(1.0, 30.0);
        }

        JsonNode status = ok(cli, "--json", "status", "-p", "abalone").json();
        assertThat(status.path("pendingGates")).isEmpty();
        assertThat(status.path("approvedModel").path("version").asInt()).isEqualTo(1);
        assertThat(status.path("environments")).extracting(e -> e.path("endpointStatus").asText())
                .containsExactly("InService", "InService");
        assertThat(status.path("pipelines")).extracting(p -> p.path("status").asText())
                .containsExactly("Succeeded", "Succeeded");

        JsonNode deleted = ok(cli, "--json", "delete", "--yes", "-p", "abalone").json();
        assertThat(deleted.path("deleted").asBoolean()).isTrue();
        assertThat(ok(cli, "--json", "list").json().path("projects")).isEmpty();
        Cli.Run gone = cli.run("--json", "status", "-p", "abalone");
        assertThat(gone.code()).as(gone.toString()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(gone.json().path("error").path("type").asText()).isEqualTo("not_found");
    }
}
