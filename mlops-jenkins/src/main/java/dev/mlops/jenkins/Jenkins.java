package dev.mlops.jenkins;

/**
 * The Jenkins backend's entry point.
 *
 * <pre>{@code
 * Orchestrator jenkins = Jenkins.orchestrator()
 *     .url(URI.create("https://jenkins.example.com/"))
 *     .user("mlops-bot")
 *     .apiToken(Secret.of(System.getenv("JENKINS_TOKEN")))
 *     .folder("ml")
 *     .build();
 * Project p = MlopsProjects.builder().name("churn").template(t).orchestrator(jenkins).backend(aws).create();
 * }</pre>
 */
public final class Jenkins {
    private Jenkins() {
    }

    /**
     * Starts a Jenkins orchestrator.
     *
     * @return a builder
     */
    public static JenkinsOrchestrator.Builder orchestrator() {
        return JenkinsOrchestrator.builder();
    }
}
