package dev.mlops.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.exception.MlopsException;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The tokens from the environment never appear in a description, a {@code toString()} or an error. */
class SecretHygieneTest {
    static final String GH = "ghp_AAAAsecretGITHUB";
    static final String BB = "ATBBsecretBITBUCKET";
    static final String JK = "11aasecretJENKINS";

    @TempDir
    Path tmp;

    BackendOptions parse(Map<String, String> env, String... args) {
        BackendOptionsTest.Cmd cmd = new BackendOptionsTest.Cmd(new BackendOptions(env, tmp));
        new CommandLine(cmd).parseArgs(args);
        return cmd.backend;
    }

    static void assertClean(String text) {
        assertThat(text).doesNotContain(GH).doesNotContain(BB).doesNotContain(JK);
    }

    static String stackTrace(Throwable t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintWriter w = new PrintWriter(out)) {
            t.printStackTrace(w);
        }
        return out.toString() + (t instanceof MlopsException m ? m.context() : "");
    }

    @Test
    void noCompositionShowsItsTokens() {
        Map<String, String> env = new HashMap<>(Map.of("GITHUB_TOKEN", GH, "BITBUCKET_TOKEN", BB, "JENKINS_TOKEN", JK,
                "JENKINS_URL", "https://jenkins.example.com/", "JENKINS_USER", "bot",
                "JENKINS_TOKEN_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:1:secret:j"));
        List<String[]> compositions = new ArrayList<>();
        compositions.add(new String[] {"--home", tmp.toString(), "--repositories", "github", "--github-owner", "a"});
        compositions.add(new String[] {"--home", tmp.toString(), "--repositories", "bitbucket-cloud",
            "--bitbucket-workspace", "w"});
        compositions.add(new String[] {"--backend", "aws", "--region", "us-east-1", "--repositories", "github",
            "--github-owner", "a", "--orchestrator", "jenkins"});
        compositions.add(new String[] {"--backend", "aws", "--region", "us-east-1", "--repositories", "bitbucket-dc",
            "--bitbucket-url", "https://bb.example.com", "--bitbucket-project", "P", "--codeconnection-arn", "arn:aws:c"});
        for (String[] args : compositions) {
            BackendOptions o = parse(env, args);
            assertClean(o.toString());
            try (Connection c = o.connect()) {
                assertClean(c.description());
                assertClean(c.toString());
                assertClean(c.template("p").parameterValues().toString());
                assertClean(c.template("p").toString());
            }
        }
    }

    @Test
    void errorsAfterTheSecretsAreReadDoNotShowThem() {
        Map<String, String> env = new HashMap<>(Map.of("GITHUB_TOKEN", GH, "JENKINS_TOKEN", JK));
        String[][] bad = {
            {"--backend", "aws", "--repositories", "github", "--github-owner", "a", "--orchestrator", "jenkins"},
            {"--backend", "aws", "--region", "us-east-1", "--repositories", "github", "--github-owner", "a",
                "--orchestrator", "jenkins", "--jenkins-url", "ftp://j", "--jenkins-user", "u"},
            {"--repositories", "github", "--github-owner", "a", "--github-api", "not a url"},
        };
        for (String[] args : bad) {
            try (Connection c = parse(env, args).connect()) {
                throw new AssertionError("accepted " + String.join(" ", args) + ": " + c);
            } catch (MlopsException e) {
                assertClean(stackTrace(e));
            }
        }
    }
}
