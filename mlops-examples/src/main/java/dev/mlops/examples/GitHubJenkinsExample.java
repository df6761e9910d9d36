package dev.mlops.examples;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.Secret;
import dev.mlops.aws.AwsBackend;
import dev.mlops.git.github.GitHubRepositories;
import dev.mlops.jenkins.Jenkins;
import dev.mlops.jenkins.JenkinsOrchestrator;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The composition "GitHub + Jenkins + SageMaker", the original's Jenkins template (template G) with none of its nine
 * manual steps: the repositories are made and seeded on GitHub, the build and deploy jobs in one Jenkins folder, and
 * the project stack on AWS carries the EventBridge route that starts the deploy job when a model version is approved.
 * What a user writes; the composition test drives this same code against the fakes.
 *
 * <pre>
 * GITHUB_TOKEN=… JENKINS_URL=https://jenkins.example.com/ JENKINS_USER=mlops-bot JENKINS_TOKEN=… \
 * JENKINS_TOKEN_SECRET_ARN=arn:aws:secretsmanager:…:secret:jenkins-token-… \
 *   java -cp mlops-examples.jar dev.mlops.examples.GitHubJenkinsExample --owner acme [--project abalone]
 * </pre>
 */
public final class GitHubJenkinsExample {
    /** How long each step of the flow may take. */
    public static final Duration WAIT = Duration.ofMinutes(30);

    private GitHubJenkinsExample() {
    }

    /**
     * Template G for a project: its two repositories on GitHub under an owner, and the approval route to Jenkins.
     *
     * @param owner the GitHub user or organization
     * @param name the project's name (the repositories are {@code <owner>/<name>-modelbuild} and {@code -modeldeploy})
     * @param gitUrl the web root of the Git host, e.g. {@code https://github.com/}
     * @param routeParameters the Jenkins route's parameters, from {@link JenkinsOrchestrator#approvalRouteParameters}
     * @return the template
     */
    public static Template template(String owner, String name, URI gitUrl, Map<String, String> routeParameters) {
        Template t = Templates.thirdPartyGitJenkins();
        for (String role : new String[] {"modelbuild", "modeldeploy"}) {
            String prefix = role.equals("modelbuild") ? "ModelBuild" : "ModelDeploy";
            String full = owner + "/" + name + "-" + role;
            t = t.withParameter(prefix + "CodeRepositoryFullname", full)
                    .withParameter(prefix + "CodeRepositoryUrl", gitUrl.resolve(full + ".git").toString());
        }
        for (Map.Entry<String, String> e : routeParameters.entrySet()) {
            t = t.withParameter(e.getKey(), e.getValue());
        }
        return t;
    }

    /**
     * Creates (or reattaches to) the project: GitHub repositories, Jenkins jobs, and the rest on AWS.
     *
     * @param name the project's name
     * @param template the template, from {@link #template}
     * @param github the repositories
     * @param jenkins the orchestrator
     * @param aws the registry, artifacts, endpoints and project store
     * @return the project
     */
    public static Project create(String name, Template template, GitHubRepositories github, JenkinsOrchestrator jenkins,
            AwsBackend aws) {
        return MlopsProjects.builder().name(name).template(template).backend(aws).repositories(github)
                .orchestrator(jenkins).create();
    }

    /**
     * The flow, with the same {@code Project} calls as on the embedded backend: build, approve the registered
     * version, await staging, approve the gate, await prod.
     *
     * @param project the project
     * @param wait how long each step may take
     * @param out where progress goes
     * @return the milliseconds each phase took
     */
    public static Map<String, Long> deliver(Project project, Duration wait, PrintStream out) {
        Map<String, Long> phases = new LinkedHashMap<>();
        long t = System.nanoTime();
        Execution build = project.pipelines().build().start().await(wait);
        if (build.status() != ExecutionStatus.Succeeded) {
            throw new IllegalStateException("the model build ended " + build.status() + ": " + build.stages());
        }
        phases.put("build (Jenkins job modelbuild, SageMaker pipeline)", lap(t));
        out.printf("Build %s succeeded%n", build.id());
        t = System.nanoTime();
        ModelVersion candidate = project.models().pendingApproval().first()
                .orElseThrow(() -> new IllegalStateException("the build registered no version pending approval"));
        candidate = candidate.approve("approved by GitHubJenkinsExample");
        out.printf("Approved model version %d%n", candidate.version());
        project.environments().staging().awaitDeployed(candidate, wait);
        phases.put("approve → staging (EventBridge route → Jenkins job modeldeploy)", lap(t));
        t = System.nanoTime();
        project.gates().awaitPending(candidate, wait).approve("staging tests passed");
        project.environments().prod().awaitDeployed(candidate, wait);
        phases.put("gate → prod", lap(t));
        out.printf("Model version %d is in prod%n", candidate.version());
        return phases;
    }

    private static long lap(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    /**
     * Runs the composition against GitHub, a Jenkins and AWS, from the environment's tokens.
     *
     * @param args {@code --owner OWNER [--project NAME]}
     */
    public static void main(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String owner = opts.get("owner");
        String name = opts.getOrDefault("project", "abalone");
        Map<String, String> env = System.getenv();
        for (String v : new String[] {"GITHUB_TOKEN", "JENKINS_URL", "JENKINS_USER", "JENKINS_TOKEN",
                "JENKINS_TOKEN_SECRET_ARN"}) {
            if (env.getOrDefault(v, "").isBlank() || owner == null) {
                System.err.println("usage: GITHUB_TOKEN=… JENKINS_URL=… JENKINS_USER=… JENKINS_TOKEN=…"
                        + " JENKINS_TOKEN_SECRET_ARN=… java -cp mlops-examples.jar " + GitHubJenkinsExample.class.getName()
                        + " --owner OWNER [--project NAME]   (" + v + " or --owner missing)");
                System.exit(2);
                return;
            }
        }
        GitHubRepositories github = GitHubRepositories.builder().token(Secret.of(env.get("GITHUB_TOKEN"))).owner(owner)
                .build();
        JenkinsOrchestrator jenkins = Jenkins.orchestrator().url(URI.create(env.get("JENKINS_URL")))
                .user(env.get("JENKINS_USER")).apiToken(Secret.of(env.get("JENKINS_TOKEN")))
                .sdkClasspath("/opt/mlops-sdk/*").build();
        Template template = template(owner, name, URI.create("https://github.com/"),
                jenkins.approvalRouteParameters(env.get("JENKINS_TOKEN_SECRET_ARN")));
        try (AwsBackend aws = AwsBackend.create(); Project project = create(name, template, github, jenkins, aws)) {
            deliver(project, WAIT, System.out).forEach((k, v) -> System.out.printf("  %-60s %6d ms%n", k, v));
        }
    }
}
