package dev.mlops.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.ValidationException;
import dev.mlops.template.Capability;
import dev.mlops.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;

/** Option parsing, the combinations' validation and the compositions they open. */
class BackendOptionsTest {
    static final String TOKEN = "ghp_s3cr3tV4lu3_never_shown";

    @TempDir
    Path tmp;

    final Map<String, String> env = new HashMap<>();

    /** A tiny command with the mixin, as every project command has it. */
    @Command(name = "t")
    static final class Cmd {
        @Mixin
        BackendOptions backend;

        Cmd(BackendOptions backend) {
            this.backend = backend;
        }
    }

    BackendOptions parse(String... args) {
        Cmd cmd = new Cmd(new BackendOptions(env, tmp));
        new CommandLine(cmd).parseArgs(args);
        return cmd.backend;
    }

    static String messageOf(Runnable r) {
        try {
            r.run();
        } catch (ValidationException e) {
            return e.getMessage();
        }
        throw new AssertionError("no ValidationException");
    }

    @Test
    void argumentsRepeatTheOptionsGivenAndNoneElse() {
        String home = tmp.resolve("my home").toString();
        assertThat(parse("--home", home, "--profile", "ci", "--orchestrator", "embedded").arguments())
                .containsExactly("--profile", "ci", "--home", home, "--orchestrator", "embedded");
        assertThat(parse().arguments()).isEmpty();
    }

    @Test
    void defaultIsTheEmbeddedBackendInTheGivenHome() {
        try (Connection c = parse("--home", tmp.resolve("h").toString()).connect()) {
            assertThat(c.description()).isEqualTo("local (home " + tmp.resolve("h") + ")");
            assertThat(c.template("abalone").capabilities()).contains(Capability.HOSTED_REPOSITORIES);
        }
    }

    @Test
    void backendComesFromTheEnvironmentUnlessGiven() {
        env.put("MLOPS_BACKEND", "aws");
        assertThat(Composer.plan(parse().settings())).isEqualTo(new Composer.Plan("aws", "codecommit", "codepipeline"));
        assertThat(Composer.plan(parse("--backend", "local").settings()).backend()).isEqualTo("local");
        env.put("MLOPS_BACKEND", "azure");
        assertThat(messageOf(() -> parse().connect())).contains("$MLOPS_BACKEND", "azure", "one of local, aws");
    }

    @Test
    void codePipelineOnTheLocalBackendSaysToUseAws() {
        String m = messageOf(() -> parse("--orchestrator", "codepipeline").connect());
        assertThat(m).contains("--orchestrator", "codepipeline", "--backend local", "add --backend aws");
    }

    @Test
    void everyInvalidCombinationNamesItsOptionsAndWhatToUse() {
        assertThat(messageOf(() -> parse("--repositories", "codecommit").connect()))
                .contains("--repositories", "codecommit", "add --backend aws");
        assertThat(messageOf(() -> parse("--orchestrator", "jenkins").connect()))
                .contains("--orchestrator", "jenkins", "add --backend aws");
        assertThat(messageOf(() -> parse("--backend", "aws", "--repositories", "local").connect()))
                .contains("--repositories", "local", "codecommit, github");
        assertThat(messageOf(() -> parse("--backend", "aws", "--orchestrator", "embedded").connect()))
                .contains("--orchestrator", "embedded", "codepipeline or jenkins");
        assertThat(messageOf(() -> parse("--backend", "aws", "--orchestrator", "jenkins").connect()))
                .contains("--repositories", "codecommit", "github, bitbucket-cloud or bitbucket-dc");
        assertThat(messageOf(() -> parse("--region", "eu-west-1").connect()))
                .contains("--region", "eu-west-1", "--backend local", "add --backend aws");
        assertThat(messageOf(() -> parse("--backend", "aws", "--home", "/x").connect()))
                .contains("--home", "--backend aws");
        assertThat(messageOf(() -> parse("--github-owner", "acme").connect()))
                .contains("--github-owner", "acme", "--repositories github");
        assertThat(messageOf(() -> parse("--jenkins-url", "http://j/").connect()))
                .contains("--jenkins-url", "--orchestrator jenkins");
        assertThat(messageOf(() -> parse("--backend", "aws", "--codeconnection-arn", "arn:aws:x").connect()))
                .contains("--codeconnection-arn", "GitHub or Bitbucket");
        assertThat(messageOf(() -> parse("--backend", "aws", "--aws-endpoint", "localhost:5000").connect()))
                .contains("--aws-endpoint", "localhost:5000", "http or https URL");
        assertThat(messageOf(() -> parse("--backend", "aws", "--poll", "soon").connect()))
                .contains("--poll", "soon", "250ms");
        assertThat(messageOf(() -> parse("--backend", "aws", "--region", "Mars").connect()))
                .contains("--region", "Mars", "eu-west-1");
        assertThat(messageOf(() -> parse("--repositories", "gitlab").connect()))
                .contains("--repositories", "gitlab", "one of local, codecommit, github, bitbucket-cloud, bitbucket-dc");
    }

    @Test
    void jenkinsNeedsItsUrlUserSecretArnAndToken() {
        String[] base = {"--backend", "aws", "--region", "us-east-1", "--repositories", "github", "--github-owner",
            "acme", "--orchestrator", "jenkins"};
        env.put("GITHUB_TOKEN", TOKEN);
        assertThat(messageOf(() -> parse(base).connect())).contains("--jenkins-url", "$JENKINS_URL");
        env.put("JENKINS_URL", "https://jenkins.example.com/");
        assertThat(messageOf(() -> parse(base).connect())).contains("--jenkins-user", "$JENKINS_USER");
        env.put("JENKINS_USER", "mlops-bot");
        assertThat(messageOf(() -> parse(base).connect())).contains("--jenkins-token-secret-arn");
        env.put("JENKINS_TOKEN_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:jenkins-ab12");
        assertThat(messageOf(() -> parse(base).connect())).contains("$JENKINS_TOKEN", "--jenkins-token-file",
                "never on the command line");
        env.put("JENKINS_TOKEN", "jenkins-" + TOKEN);
        try (Connection c = parse(base).connect()) {
            assertThat(c.description()).isEqualTo("aws (region us-east-1), repositories github (owner acme,"
                    + " https://api.github.com), orchestrator jenkins (https://jenkins.example.com/, user mlops-bot)");
            Template g = c.template("churn");
            assertThat(g.id()).isEqualTo("model-building-training-deployment-3p-git-jenkins");
            assertThat(g.parameterValues()).containsEntry("ModelBuildCodeRepositoryFullname", "acme/churn-modelbuild")
                    .containsEntry("ModelDeployCodeRepositoryUrl", "https://github.com/acme/churn-modeldeploy.git")
                    .containsEntry("JenkinsUser", "mlops-bot")
                    .containsEntry("JenkinsApiTokenSecretArn", env.get("JENKINS_TOKEN_SECRET_ARN"));
            assertThat(c.description() + c + g.parameterValues()).doesNotContain(TOKEN);
        }
    }

    @Test
    void gitHubOnTheEmbeddedBackendAsksForThirdPartyRepositories() {
        env.put("GITHUB_TOKEN", TOKEN);
        try (Connection c = parse("--home", tmp.toString(), "--repositories", "github", "--github-owner", "acme",
                "--github-api", "https://github.acme.internal/api/v3").connect()) {
            assertThat(c.description()).isEqualTo("local (home " + tmp + "), repositories github (owner acme,"
                    + " https://github.acme.internal/api/v3)");
            assertThat(c.template("abalone").capabilities()).containsExactlyInAnyOrder(
                    Capability.THIRD_PARTY_REPOSITORIES, Capability.ML_PIPELINES, Capability.ENDPOINTS);
        }
    }

    @Test
    void bitbucketCodePipelineNamesTheConnectionAndTheRepositories() {
        env.put("BITBUCKET_TOKEN", TOKEN);
        env.put("BITBUCKET_EMAIL", "ml-bot@acme.com");
        String[] args = {"--backend", "aws", "--region", "eu-west-1", "--repositories", "bitbucket-cloud",
            "--bitbucket-workspace", "acme"};
        assertThat(messageOf(() -> parse(args).connect())).contains("--codeconnection-arn", "CodeConnections");
        String arn = "arn:aws:codeconnections:eu-west-1:123456789012:connection/abc";
        try (Connection c = parse(concat(args, "--codeconnection-arn", arn)).connect()) {
            assertThat(c.description()).isEqualTo("aws (region eu-west-1), repositories bitbucket-cloud (workspace acme),"
                    + " orchestrator codepipeline");
            assertThat(c.template("abalone").parameterValues()).containsEntry("CodeConnectionArn", arn)
                    .containsEntry("ModelDeployCodeRepositoryFullname", "acme/abalone-modeldeploy");
        }
    }

    @Test
    void bitbucketDataCenterNeedsItsAddressAndProject() {
        env.put("BITBUCKET_TOKEN", TOKEN);
        assertThat(messageOf(() -> parse("--repositories", "bitbucket-dc").connect())).contains("--bitbucket-url");
        assertThat(messageOf(() -> parse("--repositories", "bitbucket-dc", "--bitbucket-url",
                "https://bitbucket.acme.internal").connect())).contains("--bitbucket-project");
        try (Connection c = parse("--home", tmp.toString(), "--repositories", "bitbucket-dc", "--bitbucket-url",
                "https://bitbucket.acme.internal", "--bitbucket-project", "ML").connect()) {
            assertThat(c.description()).endsWith("repositories bitbucket-dc (https://bitbucket.acme.internal, project ML)");
        }
    }

    @Test
    void awsWithAnEmulatorEndpoint() {
        try (Connection c = parse("--backend", "aws", "--region", "us-east-1", "--aws-endpoint",
                "http://127.0.0.1:5000", "--poll", "200ms").connect()) {
            assertThat(c.description()).isEqualTo("aws (region us-east-1, endpoint http://127.0.0.1:5000),"
                    + " repositories codecommit, orchestrator codepipeline");
            assertThat(c.template("abalone").id()).isEqualTo("model-building-training-deployment");
        }
    }

    @Test
    void awsWithoutARegionAnywhereNamesTheOption() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AWS_REGION") == null
                && System.getenv("AWS_DEFAULT_REGION") == null && System.getProperty("aws.region") == null
                && System.getenv("AWS_CONFIG_FILE") == null
                && !Files.exists(Path.of(System.getProperty("user.home"), ".aws", "config")),
                "this machine has a region in the SDK's chain");
        assertThat(messageOf(() -> parse("--backend", "aws").connect())).contains("--region", "$AWS_REGION");
    }

    @Test
    void noOptionTakesASecretValue() {
        CommandLine cl = new CommandLine(new Cmd(new BackendOptions(env, tmp)));
        for (OptionSpec o : cl.getCommandSpec().options()) {
            assertThat(o.longestName()).doesNotEndWith("-token").doesNotEndWith("password");
        }
        assertThatThrownBy(() -> parse("--github-token", TOKEN)).isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    }

    @Test
    void everyOptionButProfileIsAProfileKey() {
        Set<String> names = new TreeSet<>();
        for (OptionSpec o : new CommandLine(new Cmd(new BackendOptions(env, tmp))).getCommandSpec().options()) {
            names.add(o.longestName().substring(2));
        }
        names.remove("profile");
        assertThat(BackendOptions.profileKeys()).isEqualTo(names);
    }

    @Test
    void aTokenFileIsReadAndItsContentNeverShown() throws Exception {
        Path file = Files.writeString(tmp.resolve("gh-token"), TOKEN + "\n");
        try (Connection c = parse("--home", tmp.toString(), "--repositories", "github", "--github-owner", "acme",
                "--github-token-file", file.toString()).connect()) {
            assertThat(c.description()).doesNotContain(TOKEN);
        }
        Path empty = Files.writeString(tmp.resolve("empty"), "\n");
        assertThat(messageOf(() -> parse("--repositories", "github", "--github-owner", "acme", "--github-token-file",
                empty.toString()).connect())).contains("--github-token-file", "empty");
        assertThat(messageOf(() -> parse("--repositories", "github", "--github-owner", "acme", "--github-token-file",
                tmp.resolve("missing").toString()).connect())).contains("--github-token-file", "readable file");
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
