package dev.mlops.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The options every project command shares that choose the backend composition (a picocli mixin): the backend, the
 * repositories and the orchestrator, with each host's settings. Values resolve from the command line, then the
 * profile ({@code --profile NAME} or {@code $MLOPS_PROFILE}: {@code ~/.mlops/profiles/NAME.properties}, keys named as
 * the options without dashes), then the environment. Secrets come only from the environment or from a file an
 * option names, never from a command-line value (it would land in shell history and {@code ps}).
 */
public final class BackendOptions {
    @Option(names = "--profile", paramLabel = "NAME", order = 100,
            description = "Read defaults from ~/.mlops/profiles/NAME.properties (default: $MLOPS_PROFILE);"
                    + " options given here override it.")
    String profile;

    @Option(names = "--backend", paramLabel = "local|aws", order = 101, completionCandidates = Backends.class,
            description = "Where the project runs: local (embedded, the default) or aws (default: $MLOPS_BACKEND).")
    String backend;

    @Option(names = "--home", paramLabel = "DIR", order = 102,
            description = "The embedded backend's home (default: -Dmlops.home, else $MLOPS_HOME, else ~/.mlops).")
    Path home;

    @Option(names = "--region", paramLabel = "REGION", order = 110,
            description = "AWS: the region (default: $AWS_REGION, else the SDK's region chain).")
    String region;

    @Option(names = "--aws-endpoint", paramLabel = "URL", order = 111,
            description = "AWS: one endpoint for every service, for emulators such as moto or LocalStack.")
    String awsEndpoint;

    @Option(names = "--sdk-image", paramLabel = "URI", order = 112,
            description = "AWS: a prebuilt SDK image in ECR for the project stacks (default: build and push this SDK's).")
    String sdkImage;

    @Option(names = "--codeconnection-arn", paramLabel = "ARN", order = 113,
            description = "AWS CodePipeline over GitHub or Bitbucket: the CodeConnections connection to the host.")
    String codeConnectionArn;

    @Option(names = "--poll", paramLabel = "DURATION", order = 114,
            description = "The longest pause between polls of AWS and Jenkins waits, e.g. 250ms or 10s"
                    + " (default: AWS's backoff, 1 s to 10 s, stacks 5 s to 30 s).")
    String poll;

    @Option(names = "--repositories", paramLabel = "KIND", order = 120, completionCandidates = RepositoryKinds.class,
            description = "Where the code lives: local (embedded git), codecommit, github, bitbucket-cloud or"
                    + " bitbucket-dc (default: the backend's own).")
    String repositories;

    @Option(names = "--github-owner", paramLabel = "OWNER", order = 121,
            description = "GitHub: the user or organization owning the repositories; the token is $GITHUB_TOKEN.")
    String githubOwner;

    @Option(names = "--github-api", paramLabel = "URL", order = 122,
            description = "GitHub: the REST API root (default https://api.github.com; Enterprise: https://HOST/api/v3).")
    String githubApi;

    @Option(names = "--github-token-file", paramLabel = "FILE", order = 123,
            description = "GitHub: a file holding the token, instead of $GITHUB_TOKEN.")
    String githubTokenFile;

    @Option(names = "--bitbucket-workspace", paramLabel = "SLUG", order = 124,
            description = "Bitbucket Cloud: the workspace; the token is $BITBUCKET_TOKEN.")
    String bitbucketWorkspace;

    @Option(names = "--bitbucket-project", paramLabel = "KEY", order = 125,
            description = "Bitbucket: the project's key (required on Data Center, optional on Cloud).")
    String bitbucketProject;

    @Option(names = "--bitbucket-url", paramLabel = "URL", order = 126,
            description = "Bitbucket: Data Center's address (required there), or Cloud's API root"
                    + " (default https://api.bitbucket.org/2.0).")
    String bitbucketUrl;

    @Option(names = "--bitbucket-email", paramLabel = "EMAIL", order = 127,
            description = "Bitbucket Cloud: the account email of an API token (default: $BITBUCKET_EMAIL; without it"
                    + " $BITBUCKET_TOKEN is an access token).")
    String bitbucketEmail;

    @Option(names = "--bitbucket-token-file", paramLabel = "FILE", order = 128,
            description = "Bitbucket: a file holding the token, instead of $BITBUCKET_TOKEN.")
    String bitbucketTokenFile;

    @Option(names = "--orchestrator", paramLabel = "KIND", order = 130, completionCandidates = OrchestratorKinds.class,
            description = "What runs the pipelines: embedded, codepipeline or jenkins (default: the backend's own).")
    String orchestrator;

    @Option(names = "--jenkins-url", paramLabel = "URL", order = 131,
            description = "Jenkins: its root URL (default: $JENKINS_URL); the API token is $JENKINS_TOKEN.")
    String jenkinsUrl;

    @Option(names = "--jenkins-user", paramLabel = "USER", order = 132,
            description = "Jenkins: the user the API token belongs to (default: $JENKINS_USER).")
    String jenkinsUser;

    @Option(names = "--jenkins-folder", paramLabel = "FOLDER", order = 133,
            description = "Jenkins: the folder the projects' jobs go in (default: the root).")
    String jenkinsFolder;

    @Option(names = "--jenkins-token-file", paramLabel = "FILE", order = 134,
            description = "Jenkins: a file holding the API token, instead of $JENKINS_TOKEN.")
    String jenkinsTokenFile;

    @Option(names = "--jenkins-token-secret-arn", paramLabel = "ARN", order = 135,
            description = "Jenkins: the Secrets Manager secret the approval route reads the API token from"
                    + " (default: $JENKINS_TOKEN_SECRET_ARN).")
    String jenkinsTokenSecretArn;

    @Option(names = "--jenkins-sdk-classpath", paramLabel = "PATH", order = 136,
            description = "Jenkins: where the agents have the SDK's jars (default " + Composer.DEFAULT_SDK_CLASSPATH + ").")
    String jenkinsSdkClasspath;

    /**
     * The options a profile may set, by name without dashes: read from this class's own {@code @Option}s, so that
     * a new option is a profile key (and repeated by {@link #arguments()}) without a second list to keep.
     */
    private static final List<String> KEYS = CommandSpec.forAnnotatedObject(new BackendOptions(Map.of(), Path.of("")))
            .options().stream().map(BackendOptions::key).filter(k -> !k.equals("profile")).toList();

    private final Map<String, String> env;
    private final Path userHome;

    /** Creates the options with their defaults (picocli fills them); the environment is the process's. */
    public BackendOptions() {
        this(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    BackendOptions(Map<String, String> env, Path userHome) {
        this.env = env;
        this.userHome = userHome;
    }

    /**
     * Opens the composition these options name. The whole combination and every value is checked first, and the
     * secrets read, so a bad option fails before anything is made or contacted.
     *
     * @return the connection; close it when the command ends
     * @throws dev.mlops.exception.ValidationException naming the option (or profile key, or variable), its value
     *     and what to use instead
     */
    public Connection connect() {
        return Composer.connect(settings());
    }

    Settings settings() {
        String name = profile != null ? profile : blankToNull(env.get("MLOPS_PROFILE"));
        Profile p = name == null ? Profile.none() : Profile.load(Profile.directory(userHome), name, profileKeys());
        return new Settings(commandLine(), p, env);
    }

    /** The options given on the command line, by name without dashes, in the options' order. */
    private Map<String, String> commandLine() {
        Map<String, String> m = new LinkedHashMap<>();
        for (OptionSpec o : CommandSpec.forAnnotatedObject(this).options()) {
            String key = key(o);
            Object value = o.getValue();
            if (!key.equals("profile") && value != null) {
                m.put(key, value.toString());
            }
        }
        return m;
    }

    private static String key(OptionSpec option) {
        return option.longestName().substring(2);
    }

    /**
     * The options given on this command line, as arguments that repeat them, for the next command a person is told
     * to run (e.g. {@code --home /tmp/h --profile ci}). They hold no secret: tokens only ever come from files or
     * the environment.
     *
     * @return the arguments, in the options' order
     */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        if (profile != null) {
            args.add("--profile");
            args.add(profile);
        }
        commandLine().forEach((k, v) -> {
            args.add("--" + k);
            args.add(v);
        });
        return args;
    }

    /**
     * The keys a profile may set: every option's name without its dashes, except {@code profile}.
     *
     * @return the keys, sorted
     */
    public static Set<String> profileKeys() {
        return new TreeSet<>(KEYS);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
        // The command line holds no secret (only the files that hold them), so it is safe to show.
        return "BackendOptions" + commandLine();
    }

    /** Completion candidates of {@code --backend}. */
    public static final class Backends implements Iterable<String> {
        /** Creates the candidates (picocli calls this). */
        public Backends() {
        }

        @Override
        public Iterator<String> iterator() {
            return Composer.BACKENDS.iterator();
        }
    }

    /** Completion candidates of {@code --repositories}. */
    public static final class RepositoryKinds implements Iterable<String> {
        /** Creates the candidates (picocli calls this). */
        public RepositoryKinds() {
        }

        @Override
        public Iterator<String> iterator() {
            return Composer.REPOSITORIES.iterator();
        }
    }

    /** Completion candidates of {@code --orchestrator}. */
    public static final class OrchestratorKinds implements Iterable<String> {
        /** Creates the candidates (picocli calls this). */
        public OrchestratorKinds() {
        }

        @Override
        public Iterator<String> iterator() {
            return Composer.ORCHESTRATORS.iterator();
        }
    }
}
