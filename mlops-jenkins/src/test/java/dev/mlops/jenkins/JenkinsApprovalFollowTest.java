package dev.mlops.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.jenkins.fixtures.JenkinsFake;
import dev.mlops.spi.ComponentKind;
import dev.mlops.spi.Components;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RegisterRequest;
import dev.mlops.spi.Ticker;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Capability;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.SeedCode;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import dev.mlops.template.Template;
import dev.mlops.template.Trigger;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With a registry that reports approval events, an attached process starts the deploy job when a version is
 * approved: one build, even with two processes attached, and none for what happened before attaching.
 */
class JenkinsApprovalFollowTest {

    @Test
    void anApproval_startsTheDeployJob_once_evenWithTwoProcessesAttached() throws Exception {
        Template t = Template.builder().id("follow").displayName("follow")
                .addRepositories(RepositorySpec.of("deploy", SeedCode.ofFiles(Map.of("a.txt",
                        "a\n".getBytes(StandardCharsets.UTF_8)))))
                .addPipelines(PipelineSpec.builder().role("modeldeploy").sourceRepository("deploy")
                        .addStages(Stage.of("Source", StageType.SOURCE).build(),
                                Stage.command("Deploy", "echo", "deploying").build())
                        .addTriggers(Trigger.onModelApprovalChange()).build())
                .addCapabilities(Capability.HOSTED_REPOSITORIES).build();
        // Jenkins' default quiet period is 5 s; within it a second trigger with the same parameters joins the first.
        try (JenkinsFake jenkins = JenkinsFake.builder().quietPeriod(Duration.ofSeconds(1)).build();
                InMemoryBackend memory = InMemoryBackend.builder().approvalEvents(true).build()) {
            WaitPolicy fast = WaitPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, Ticker.system());
            JenkinsOrchestrator one = Jenkins.orchestrator().url(jenkins.url()).user(jenkins.user())
                    .apiToken(jenkins.token()).pollInterval(Duration.ofMillis(20)).waitPolicy(fast).build();
            JenkinsOrchestrator two = Jenkins.orchestrator().url(jenkins.url()).user(jenkins.user())
                    .apiToken(jenkins.token()).pollInterval(Duration.ofMillis(20)).waitPolicy(fast).build();
            ProjectRecord r = memory.projectStore().orElseThrow().create(new ProjectDraft("follow", t, Map.of(), ""),
                    e -> { });
            memory.repositories().orElseThrow().provision(r, t.repositories().get(0));
            ModelRegistry registry = memory.registry().orElseThrow();
            String group = r.nameId();
            ModelVersionInfo before = registry.register(new RegisterRequest(r.name(), group,
                    ModelApprovalStatus.Approved, Map.of(), Map.of(), Map.of("model", "s3://b/model.tar.gz"), "v-before"));
            Components c1 = Components.builder().set(ComponentKind.ORCHESTRATOR, one).fillFrom(memory).build();
            Components c2 = Components.builder().set(ComponentKind.ORCHESTRATOR, two).fillFrom(memory).build();
            one.provision(r, c1);
            try (AutoCloseable a = one.attach(r, c1, e -> { }); AutoCloseable b = two.attach(r, c2, e -> { })) {
                Thread.sleep(300);
                assertThat(jenkins.buildsStarted()).as("an approval from before attaching starts nothing").isZero();
                ModelVersionInfo v = registry.register(new RegisterRequest(r.name(), group,
                        ModelApprovalStatus.PendingManualApproval, Map.of(), Map.of(),
                        Map.of("model", "s3://b/model2.tar.gz"), "v-2"));
                registry.updateApprovalStatus(group, v.version(), ModelApprovalStatus.Approved, "ship");
                long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (jenkins.buildsStarted() == 0 && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                Thread.sleep(1500);   // both followers have read the event by now
                assertThat(jenkins.buildsStarted()).as("%s", jenkins.buildParameters(one.jobOf(r, "modeldeploy")
                        .toString())).isEqualTo(1);
                assertThat(jenkins.buildParameters(one.jobOf(r, "modeldeploy").toString()).get(0).get("MLOPS_REASON"))
                        .contains("model version " + v.version() + " Approved");
            }
            assertThat(before.version()).isLessThan(2);
        }
    }
}
