package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit codes scripts rely on, and the JSON error document, for each kind of failure. */
class ExitCodesTest {
    @TempDir
    Path home;

    @Test
    void unknownProject_isNotFound_withAJsonErrorOnStdoutAndOneLineOnStderr() {
        Cli.Run r = new Cli(home).run("--json", "status", "-p", "nosuch");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.NOT_FOUND).isEqualTo(4);
        JsonNode e = r.json().path("error");
        assertThat(e.path("type").asText()).isEqualTo("not_found");
        assertThat(e.path("exception").asText()).isEqualTo("NotFoundException");
        assertThat(e.path("message").asText()).contains("nosuch");
        assertThat(e.path("retryable").asBoolean()).isFalse();
        assertThat(e.path("exitCode").asInt()).isEqualTo(4);
        assertThat(r.err()).startsWith("mlops: project 'nosuch' does not exist").doesNotContain("\tat ");
    }

    @Test
    void badName_isAClientError_andNothingIsMade() {
        Cli cli = new Cli(home);
        Cli.Run r = cli.run("--json", "create", "-p", "Bad_Name!");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CLIENT).isEqualTo(3);
        assertThat(r.json().path("error").path("exception").asText()).isEqualTo("ValidationException");
        assertThat(r.json().path("error").path("context").path("field").asText()).isEqualTo("Project.name");
        assertThat(cli.run("--json", "list").json().path("projects")).isEmpty();
    }

    @Test
    void anAwaitThatRunsOutOfTime_isTimeout_andRetryable() {
        Cli cli = new Cli(home);
        assertThat(cli.run("create", "-p", "slow").code()).isZero();
        Cli.Run r = cli.run("--json", "pipelines", "await", "build", "-p", "slow", "--timeout", "1ms");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.TIMEOUT).isEqualTo(6);
        assertThat(r.json().path("error").path("type").asText()).isEqualTo("timeout");
        assertThat(r.json().path("error").path("retryable").asBoolean()).isTrue();
        assertThat(r.err()).contains("Timed out").doesNotContain("\tat ");
        // --debug adds the stack trace, on stderr only
        Cli.Run debug = cli.run("--json", "--debug", "pipelines", "await", "build", "-p", "slow", "--timeout", "1ms");
        assertThat(debug.code()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(debug.err()).contains("\tat ");
        assertThat(debug.json().path("error").path("type").asText()).isEqualTo("timeout");
    }

    @Test
    void badOptions_areUsageErrors_asJsonToo() {
        Cli cli = new Cli(home);
        assertThat(cli.run("status", "--no-such-option").code()).isEqualTo(ExitCodes.USAGE).isEqualTo(2);
        assertThat(Cli.raw().code()).isEqualTo(2);
        assertThat(Cli.raw("frobnicate").code()).isEqualTo(2);
        assertThat(Cli.raw("models").code()).isEqualTo(2);
        assertThat(cli.run("pipelines", "await", "build", "--timeout", "soon").code()).isEqualTo(2);
        assertThat(cli.run("models", "approve", "1", "--pending").code()).isEqualTo(2);
        Cli.Run json = cli.run("--json", "gates", "list", "--bogus");
        assertThat(json.code()).isEqualTo(2);
        assertThat(json.json().path("error").path("type").asText()).isEqualTo("usage");
        assertThat(json.err()).contains("--bogus");
    }

    @Test
    void deleteWithoutYes_isRefusedWithoutATerminal_andAskedForAtOne() {
        Cli cli = new Cli(home);
        assertThat(cli.run("create", "-p", "keep").code()).isZero();

        Cli.Run refused = cli.run("--json", "delete", "-p", "keep");
        assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.json().path("error").path("message").asText()).contains("--yes");
        Cli.Run wrongAnswer = cli.runWithInput("no\n", true, "delete", "-p", "keep");
        assertThat(wrongAnswer.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrongAnswer.err()).contains("Type its name to confirm");
        assertThat(cli.run("--json", "list").json().path("projects")).extracting(JsonNode::asText).containsExactly("keep");

        Cli.Run confirmed = cli.runWithInput("keep\n", true, "delete", "-p", "keep");
        assertThat(confirmed.code()).as(confirmed.toString()).isZero();
        assertThat(confirmed.out()).contains("Deleted project keep");
        assertThat(cli.run("--json", "list").json().path("projects")).isEmpty();
    }

    @Test
    void versionAndHelp_exitZero() {
        Cli.Run v = Cli.raw("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("mlops ").doesNotContain("unknown");
        assertThat(Cli.raw("--help").out()).contains("Exit codes:").contains("130").contains("not exist");
    }

    @Test
    void mapping_ofExceptionsToCodes() {
        assertThat(ExitCodes.of(new dev.mlops.exception.NotFoundException("project", "x", ""))).isEqualTo(4);
        assertThat(ExitCodes.of(new dev.mlops.exception.ValidationException("f", "v", "r"))).isEqualTo(3);
        assertThat(ExitCodes.of(new dev.mlops.exception.MlopsBackendException("boom", null))).isEqualTo(5);
        assertThat(ExitCodes.of(new dev.mlops.exception.MlopsBackendException("Interrupted while waiting",
                new InterruptedException()))).isEqualTo(130);
        assertThat(ExitCodes.of(new IllegalStateException("bug"))).isEqualTo(1);
        assertThat(ExitCodes.helpList()).hasSize(10);
    }

    @Test
    void aFailureWritingFiles_isReported_withoutAStackTraceUnlessDebug() throws Exception {
        Path notADir = Files.writeString(home.resolve("file"), "x");
        String target = notADir.resolve("sub").toString();
        Cli.Run r = Cli.raw("--json", "render", "-t", "model-building-training", "-p", "demo", "-o", target);
        assertThat(r.code()).as(r.toString()).isNotZero().isNotEqualTo(ExitCodes.USAGE);
        assertThat(r.json().path("error").path("message").asText()).isNotEmpty();
        assertThat(r.err()).doesNotContain("\tat ");
        Cli.Run debug = Cli.raw("--debug", "render", "-t", "model-building-training", "-p", "demo", "-o", target);
        assertThat(debug.err()).contains("\tat ");
    }
}
