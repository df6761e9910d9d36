package dev.mlops.cli.internal;

import dev.mlops.Secret;
import dev.mlops.aws.AwsBackend;
import dev.mlops.exception.ValidationException;
import dev.mlops.git.bitbucket.BitbucketCloudRepositories;
import dev.mlops.git.bitbucket.BitbucketDataCenterRepositories;
import dev.mlops.git.github.GitHubRepositories;
import dev.mlops.jenkins.Jenkins;
import dev.mlops.jenkins.JenkinsOrchestrator;
import dev.mlops.local.LocalBackend;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.spi.Ticker;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Capability;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

/**
 * Turns resolved {@link Settings} into a {@link Connection}: checks the whole combination first (nothing is made
 * or touched before it passes), then builds the backend and the components the options name.
 */
final class Composer {
    static final List<String> BACKENDS = List.of("local", "aws");
    static final List<String> REPOSITORIES = List.of("local", "codecommit", "github", "bitbucket-cloud", "bitbucket-dc");
    static final List<String> ORCHESTRATORS = List.of("embedded", "codepipeline", "jenkins");
    private static final List<String> THIRD_PARTY = List.of("github", "bitbucket-cloud", "bitbucket-dc");
    private static final List<String> AWS_ONLY = List.of("region", "aws-endpoint", "sdk-image", "codeconnection-arn");
    private static final List<String> GITHUB = List.of("github-owner", "github-api", "github-token-file");
    private static final List<String> BITBUCKET = List.of("bitbucket-workspace", "bitbucket-project", "bitbucket-url",
            "bitbucket-email", "bitbucket-token-file");
    private static final List<String> JENKINS = List.of("jenkins-url", "jenkins-user", "jenkins-folder",
            "jenkins-token-file", "jenkins-token-secret-arn", "jenkins-sdk-classpath");
    /** Where template G's Jenkins agents find the SDK's jars unless told otherwise (the examples' layout). */
    static final String DEFAULT_SDK_CLASSPATH = "/opt/mlops-sdk/*";

    private Composer() {
    }

    /** The choices, checked together; throws before anything is made. */
    record Plan(String backend, String repositories, String orchestrator) {
        boolean thirdParty() {
            return THIRD_PARTY.contains(repositories);
        }
    }

    static Plan plan(Settings s) {
        String backend = s.choice("backend", "MLOPS_BACKEND", BACKENDS, "local");
        boolean aws = backend.equals("aws");
        String repositories = s.choice("repositories", null, REPOSITORIES, aws ? "codecommit" : "local");
        String orchestrator = s.choice("orchestrator", null, ORCHESTRATORS, aws ? "codepipeline" : "embedded");
        if (!aws) {
            if (repositories.equals("codecommit")) {
                throw new ValidationException("--repositories", repositories, "local, github, bitbucket-cloud or"
                        + " bitbucket-dc with --backend local (CodeCommit is on AWS: add --backend aws)");
            }
            if (orchestrator.equals("codepipeline")) {
                throw new ValidationException("--orchestrator", orchestrator, "embedded with --backend local"
                        + " (CodePipeline runs on AWS: add --backend aws, or drop --orchestrator)");
            }
            if (orchestrator.equals("jenkins")) {
                throw new ValidationException("--orchestrator", orchestrator, "embedded with --backend local (the CLI"
                        + " composes Jenkins with SageMaker, template G: add --backend aws, or drop --orchestrator)");
            }
            s.anyOf(AWS_ONLY).ifPresent(v -> {
                throw new ValidationException(v.source(), v.value(), "absent with --backend local (it is an AWS"
                        + " option: add --backend aws, or drop it)");
            });
        } else {
            if (repositories.equals("local")) {
                throw new ValidationException("--repositories", repositories, "codecommit, github, bitbucket-cloud or"
                        + " bitbucket-dc with --backend aws (local is the embedded backend's git: use --backend local)");
            }
            if (orchestrator.equals("embedded")) {
                throw new ValidationException("--orchestrator", orchestrator, "codepipeline or jenkins with --backend"
                        + " aws (the embedded orchestrator runs with --backend local)");
            }
            s.get("home").ifPresent(v -> {
                throw new ValidationException(v.source(), v.value(), "absent with --backend aws (--home is the"
                        + " embedded backend's folder; AWS keeps the project's state in the account)");
            });
        }
        if (orchestrator.equals("jenkins") && !THIRD_PARTY.contains(repositories)) {
            throw new ValidationException("--repositories", repositories, "github, bitbucket-cloud or bitbucket-dc"
                    + " with --orchestrator jenkins (template G builds from a third-party Git host)");
        }
        Plan plan = new Plan(backend, repositories, orchestrator);
        if (!repositories.equals("github")) {
            notFor(s, GITHUB, "--repositories github");
        }
        if (!repositories.startsWith("bitbucket")) {
            notFor(s, BITBUCKET, "--repositories bitbucket-cloud or bitbucket-dc");
        }
        if (!orchestrator.equals("jenkins")) {
            notFor(s, JENKINS, "--orchestrator jenkins");
        }
        if (!(orchestrator.equals("codepipeline") && plan.thirdParty())) {
            notFor(s, List.of("codeconnection-arn"), "--orchestrator codepipeline with GitHub or Bitbucket repositories");
        }
        return plan;
    }

    private static void notFor(Settings s, List<String> options, String owner) {
        s.anyOf(options).ifPresent(v -> {
            throw new ValidationException(v.source(), v.value(), "absent unless " + owner + " is chosen (it belongs"
                    + " to that composition: choose it, or drop the option)");
        });
    }

    /** Checks everything, reads the secrets, then builds the components and the connection. */
    static Connection connect(Settings s) {
        Plan plan = plan(s);
        Optional<Duration> poll = s.get("poll").map(v -> Durations.parse(v.source(), v.value()));
        // Everything below is validated before the first component is made, so a bad value touches nothing.
        Parts parts = new Parts(plan, s, poll);
        List<AutoCloseable> owned = new ArrayList<>();
        List<String> said = new ArrayList<>();
        UnaryOperator<dev.mlops.ProjectBuilder> configure;
        Function<String, Template> template;
        if (plan.backend().equals("local")) {
            Path home = s.get("home").map(v -> Path.of(v.value())).orElseGet(LocalBackend::defaultHome);
            said.add("local (home " + home + ")");
            SourceRepositories repos = parts.repositories();
            if (repos != null) {
                said.add("repositories " + parts.repositoriesSaid);
            }
            configure = b -> {
                b.home(home);
                return repos != null ? b.repositories(repos) : b;
            };
            template = name -> repos == null ? Templates.modelBuildTrainDeploy()
                    : Templates.modelBuildTrainDeploy().toBuilder().capabilities(List.of(
                            Capability.THIRD_PARTY_REPOSITORIES, Capability.ML_PIPELINES, Capability.ENDPOINTS)).build();
        } else {
            AwsBackend aws = parts.aws();
            owned.add(aws);
            said.add("aws (region " + aws.region().id() + s.get("aws-endpoint").map(v -> ", endpoint " + v.value())
                    .orElse("") + ")");
            SourceRepositories repos = parts.repositories();
            said.add("repositories " + (repos == null ? "codecommit" : parts.repositoriesSaid));
            Orchestrator orchestrator = plan.orchestrator().equals("jenkins") ? parts.jenkins(aws.region()) : null;
            said.add("orchestrator " + (orchestrator == null ? "codepipeline" : parts.jenkinsSaid));
            configure = b -> {
                b.backend(aws);
                if (repos != null) {
                    b.repositories(repos);
                }
                return orchestrator != null ? b.orchestrator(orchestrator) : b;
            };
            template = name -> parts.awsTemplate(name, (JenkinsOrchestrator) orchestrator);
        }
        return new Connection(configure, owned, String.join(", ", said), template);
    }

    /** The components of one composition, built from settings already checked by {@link #plan}. */
    private static final class Parts {
        private final Plan plan;
        private final Settings s;
        private final Optional<Duration> poll;
        private final Secret repositoriesToken;
        private final Secret jenkinsToken;
        private String repositoriesSaid;
        private String jenkinsSaid;
        private String owner;
        private URI gitWeb;

        Parts(Plan plan, Settings s, Optional<Duration> poll) {
            this.plan = plan;
            this.s = s;
            this.poll = poll;
            // Read and check every required value now, before any component exists.
            switch (plan.repositories()) {
                case "github" -> {
                    owner = s.require("github-owner", null, "with --repositories github (the user or organization"
                            + " that owns the repositories)").value();
                    s.get("github-api").ifPresent(Settings::url);
                    repositoriesToken = s.requireSecret("github-token-file", "GITHUB_TOKEN",
                            "GITHUB_TOKEN to a token with the scope repo for --repositories github");
                }
                case "bitbucket-cloud" -> {
                    owner = s.require("bitbucket-workspace", null, "with --repositories bitbucket-cloud (the"
                            + " workspace's slug)").value();
                    s.get("bitbucket-url").ifPresent(Settings::url);
                    repositoriesToken = s.requireSecret("bitbucket-token-file", "BITBUCKET_TOKEN",
                            "BITBUCKET_TOKEN to an access token, or to an API token with --bitbucket-email, for"
                                    + " --repositories bitbucket-cloud");
                }
                case "bitbucket-dc" -> {
                    Settings.url(s.require("bitbucket-url", null, "with --repositories bitbucket-dc (the server's"
                            + " address, e.g. https://bitbucket.acme.internal)"));
                    owner = s.require("bitbucket-project", null, "with --repositories bitbucket-dc (the Bitbucket"
                            + " project's key)").value();
                    repositoriesToken = s.requireSecret("bitbucket-token-file", "BITBUCKET_TOKEN",
                            "BITBUCKET_TOKEN to an HTTP access token for --repositories bitbucket-dc");
                }
                default -> repositoriesToken = null;
            }
            if (plan.orchestrator().equals("jenkins")) {
                Settings.url(s.require("jenkins-url", "JENKINS_URL", "with --orchestrator jenkins (Jenkins' root URL)"));
                s.require("jenkins-user", "JENKINS_USER", "with --orchestrator jenkins (the user the API token belongs to)");
                arn(s.require("jenkins-token-secret-arn", "JENKINS_TOKEN_SECRET_ARN", "with --orchestrator jenkins (the"
                        + " Secrets Manager secret the approval route reads the API token from)"));
                jenkinsToken = s.requireSecret("jenkins-token-file", "JENKINS_TOKEN",
                        "JENKINS_TOKEN to the user's API token for --orchestrator jenkins");
            } else {
                jenkinsToken = null;
            }
            if (plan.orchestrator().equals("codepipeline") && plan.thirdParty()) {
                arn(s.require("codeconnection-arn", null, "with --orchestrator codepipeline and GitHub or Bitbucket"
                        + " repositories (the CodeConnections connection to the host, AVAILABLE and tagged sagemaker=true)"));
            }
            s.get("aws-endpoint").ifPresent(Settings::url);
            s.get("region").ifPresent(v -> {
                if (!v.value().matches("[a-z]{2}(-[a-z]+)+-\\d")) {
                    throw new ValidationException(v.source(), v.value(), "an AWS region such as eu-west-1");
                }
            });
        }

        private static void arn(Settings.Value v) {
            if (!v.value().startsWith("arn:")) {
                throw new ValidationException(v.source(), v.value(), "an ARN (arn:aws:…)");
            }
        }

        private Optional<WaitPolicy> waits() {
            return poll.map(max -> {
                Duration first = max.dividedBy(10).compareTo(Duration.ofMillis(10)) < 0 ? max : max.dividedBy(10);
                return WaitPolicy.backoff(first, max, 2.0, Ticker.system());
            });
        }

        /** The third-party repositories component, or {@code null} for the backend's own. */
        SourceRepositories repositories() {
            switch (plan.repositories()) {
                case "github" -> {
                    URI api = s.get("github-api").map(Settings::url).orElse(URI.create("https://api.github.com"));
                    GitHubRepositories.Builder b = GitHubRepositories.builder().token(repositoriesToken).owner(owner)
                            .baseUrl(api);
                    waits().ifPresent(b::waitPolicy);
                    gitWeb = api.getHost().equals("api.github.com") ? URI.create("https://github.com/")
                            : api.resolve("/");
                    repositoriesSaid = "github (owner " + owner + ", " + api + ")";
                    return b.build();
                }
                case "bitbucket-cloud" -> {
                    BitbucketCloudRepositories.Builder b = BitbucketCloudRepositories.builder().workspace(owner);
                    s.get("bitbucket-project").ifPresent(v -> b.projectKey(v.value()));
                    Optional<URI> url = s.get("bitbucket-url").map(Settings::url);
                    url.ifPresent(b::baseUrl);
                    Optional<Settings.Value> email = s.get("bitbucket-email", "BITBUCKET_EMAIL");
                    if (email.isPresent()) {
                        b.apiToken(email.get().value(), repositoriesToken);
                    } else {
                        b.accessToken(repositoriesToken);
                    }
                    gitWeb = URI.create("https://bitbucket.org/");
                    repositoriesSaid = "bitbucket-cloud (workspace " + owner
                            + s.get("bitbucket-project").map(v -> ", project " + v.value()).orElse("")
                            + url.map(u -> ", " + u).orElse("") + ")";
                    return b.build();
                }
                case "bitbucket-dc" -> {
                    URI url = Settings.url(s.get("bitbucket-url").orElseThrow());
                    BitbucketDataCenterRepositories.Builder b = BitbucketDataCenterRepositories.builder().baseUrl(url)
                            .projectKey(owner).token(repositoriesToken);
                    String root = url.toString().endsWith("/") ? url.toString() : url + "/";
                    gitWeb = URI.create(root + "scm/");
                    repositoriesSaid = "bitbucket-dc (" + url + ", project " + owner + ")";
                    return b.build();
                }
                default -> {
                    return null;
                }
            }
        }

        AwsBackend aws() {
            AwsBackend.Builder b = AwsBackend.builder();
            s.get("region", "AWS_REGION").ifPresent(v -> b.region(Region.of(v.value())));
            s.get("aws-endpoint").ifPresent(v -> b.endpointOverride(Settings.url(v)));
            s.get("sdk-image").ifPresent(v -> b.sdkImage(v.value()));
            waits().ifPresent(b::waitPolicy);
            try {
                return b.build();
            } catch (SdkClientException e) {
                // No region anywhere in the SDK's chain: say which option sets it rather than the SDK's list.
                throw new ValidationException("--region", null, "given with --backend aws, or set $AWS_REGION or a"
                        + " region in ~/.aws/config (" + e.getMessage() + ")");
            }
        }

        JenkinsOrchestrator jenkins(Region region) {
            URI url = Settings.url(s.get("jenkins-url", "JENKINS_URL").orElseThrow());
            String user = s.get("jenkins-user", "JENKINS_USER").orElseThrow().value();
            JenkinsOrchestrator.Builder b = Jenkins.orchestrator().url(url).user(user).apiToken(jenkinsToken)
                    .sdkClasspath(s.get("jenkins-sdk-classpath").map(Settings.Value::value).orElse(DEFAULT_SDK_CLASSPATH))
                    .agentEnvironment("AWS_REGION", region.id());
            s.get("jenkins-folder").ifPresent(v -> b.folder(v.value()));
            waits().ifPresent(w -> b.waitPolicy(w).pollInterval(poll.orElseThrow()));
            jenkinsSaid = "jenkins (" + url + ", user " + user
                    + s.get("jenkins-folder").map(v -> ", folder " + v.value()).orElse("") + ")";
            return b.build();
        }

        Template awsTemplate(String name, JenkinsOrchestrator jenkins) {
            if (!plan.thirdParty()) {
                return Templates.modelBuildTrainDeploy();
            }
            Template t = jenkins != null ? Templates.thirdPartyGitJenkins() : Templates.thirdPartyGitCodePipeline();
            for (String role : new String[] {"modelbuild", "modeldeploy"}) {
                String prefix = role.equals("modelbuild") ? "ModelBuild" : "ModelDeploy";
                String full = owner + "/" + name + "-" + role;
                t = t.withParameter(prefix + "CodeRepositoryFullname", full);
                if (jenkins != null) {
                    t = t.withParameter(prefix + "CodeRepositoryUrl", gitWeb.resolve(full + ".git").toString());
                }
            }
            if (jenkins == null) {
                return t.withParameter("CodeConnectionArn", s.get("codeconnection-arn").orElseThrow().value());
            }
            String arn = s.get("jenkins-token-secret-arn", "JENKINS_TOKEN_SECRET_ARN").orElseThrow().value();
            for (Map.Entry<String, String> e : jenkins.approvalRouteParameters(arn).entrySet()) {
                t = t.withParameter(e.getKey(), e.getValue());
            }
            return t;
        }
    }
}
