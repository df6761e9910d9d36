package dev.mlops.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.exception.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Profiles: where they are read from, what overrides them, and what a bad one says. */
class ProfileTest {
    @TempDir
    Path userHome;

    final Map<String, String> env = new HashMap<>();
    Path dir;

    @BeforeEach
    void profiles() throws Exception {
        dir = Files.createDirectories(Profile.directory(userHome));
        Files.writeString(dir.resolve("emu.properties"), """
                # moto on this machine
                backend=aws
                region=eu-west-1
                aws-endpoint=http://127.0.0.1:5000
                poll=100ms
                """);
    }

    BackendOptions parse(String... args) {
        BackendOptionsTest.Cmd cmd = new BackendOptionsTest.Cmd(new BackendOptions(env, userHome));
        new CommandLine(cmd).parseArgs(args);
        return cmd.backend;
    }

    static String messageOf(Runnable r) {
        return BackendOptionsTest.messageOf(r);
    }

    @Test
    void theProfileSetsWhatTheCommandLineDoesNot() {
        try (Connection c = parse("--profile", "emu").connect()) {
            assertThat(c.description()).startsWith("aws (region eu-west-1, endpoint http://127.0.0.1:5000)");
        }
    }

    @Test
    void theCommandLineOverridesTheProfile() {
        try (Connection c = parse("--profile", "emu", "--region", "us-east-1", "--aws-endpoint",
                "http://127.0.0.1:5001").connect()) {
            assertThat(c.description()).startsWith("aws (region us-east-1, endpoint http://127.0.0.1:5001)");
        }
    }

    @Test
    void theProfileOverridesTheEnvironmentAndMlopsProfileNamesIt() {
        env.put("MLOPS_BACKEND", "local");
        env.put("AWS_REGION", "ap-south-1");
        env.put("MLOPS_PROFILE", "emu");
        try (Connection c = parse().connect()) {
            assertThat(c.description()).startsWith("aws (region eu-west-1,");
        }
        // --profile wins over $MLOPS_PROFILE
        assertThat(messageOf(() -> parse("--profile", "other").connect())).contains("--profile", "other",
                dir.resolve("other.properties").toString());
    }

    @Test
    void aBadValueNamesTheFileTheKeyTheValueAndTheRule() throws Exception {
        Files.writeString(dir.resolve("bad.properties"), "backend=aws\norchestrator=airflow\n");
        String m = messageOf(() -> parse("--profile", "bad").connect());
        assertThat(m).contains("profile " + dir.resolve("bad.properties") + " key orchestrator", "airflow",
                "one of embedded, codepipeline, jenkins");
        Files.writeString(dir.resolve("combo.properties"), "orchestrator=codepipeline\n");
        assertThat(messageOf(() -> parse("--profile", "combo").connect())).contains("--orchestrator", "codepipeline",
                "add --backend aws");
        Files.writeString(dir.resolve("poll.properties"), "backend=aws\nregion=eu-west-1\npoll=-3s\n");
        assertThat(messageOf(() -> parse("--profile", "poll").connect())).contains("key poll", "-3s", "duration");
    }

    @Test
    void anUnknownKeyNamesTheFileTheKeyAndTheKnownKeys() throws Exception {
        Files.writeString(dir.resolve("typo.properties"), "bakend=aws\n");
        ValidationException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> parse("--profile", "typo").connect(), ValidationException.class);
        assertThat(e.getMessage()).contains(dir.resolve("typo.properties").toString(), "key bakend", "aws",
                "a known key: one of aws-endpoint, backend,");
    }

    @Test
    void aSecretInAProfileIsRefusedWithoutEchoingIt() throws Exception {
        Files.writeString(dir.resolve("leaky.properties"), "github-token=" + BackendOptionsTest.TOKEN + "\n");
        String m = messageOf(() -> parse("--profile", "leaky").connect());
        assertThat(m).contains("key github-token", "github-token-file").doesNotContain(BackendOptionsTest.TOKEN);
    }

    @Test
    void aProfileNameCannotLeaveTheProfilesFolder() {
        assertThat(messageOf(() -> parse("--profile", "../../etc/passwd").connect())).contains("--profile",
                "a profile name of letters");
    }

    @Test
    void aProfileMayNameTheTokenFile() throws Exception {
        Path token = Files.writeString(userHome.resolve("gh"), BackendOptionsTest.TOKEN);
        Files.writeString(dir.resolve("gh.properties"), "repositories=github\ngithub-owner=acme\ngithub-token-file="
                + token.toString().replace("\\", "\\\\") + "\nhome=" + userHome.resolve("h") + "\n");
        try (Connection c = parse("--profile", "gh").connect()) {
            assertThat(c.description()).contains("repositories github (owner acme").doesNotContain(BackendOptionsTest.TOKEN);
        }
    }
}
