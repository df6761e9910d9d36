package dev.mlops.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.ExecutionStatus;
import dev.mlops.LogChunk;
import dev.mlops.jenkins.fixtures.JenkinsFake;
import dev.mlops.jenkins.internal.Jenkinsfile;
import dev.mlops.spi.ComponentKind;
import dev.mlops.spi.Components;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.StartRequest;
import dev.mlops.spi.Ticker;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Capability;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.SeedCode;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import dev.mlops.template.Template;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.template.Templates;

/**
 * The rendered Jenkinsfile keeps a command's words intact through Groovy and shell quoting: a word with quotes,
 * {@code $} and a backslash reaches the process as it was written. The source stage checks out the commit the
 * execution reports.
 */
class JenkinsfileRenderingTest {

    @Test
    void aCommandsWords_reachTheProcess_asWritten_andTheSourceCommitIsTheHead() throws Exception {
        String tricky = "it's a $HOME 'test' \\ \"quoted\"";
        Template t = Template.builder().id("quoting").displayName("quoting")
                .addRepositories(RepositorySpec.of("app", SeedCode.ofFiles(Map.of("a.txt",
                        "a\n".getBytes(StandardCharsets.UTF_8)))))
                .addPipelines(PipelineSpec.builder().role("build").sourceRepository("app")
                        .addStages(Stage.of("Source", StageType.SOURCE).build(),
                                Stage.command("Quote", "printf", "[%s]\\n", tricky).build()).build())
                .addCapabilities(Capability.HOSTED_REPOSITORIES).build();
        try (JenkinsFake jenkins = JenkinsFake.builder().build(); InMemoryBackend memory = InMemoryBackend.create()) {
            JenkinsOrchestrator o = Jenkins.orchestrator().url(jenkins.url()).user(jenkins.user())
                    .apiToken(jenkins.token()).pollInterval(Duration.ofMillis(20))
                    .waitPolicy(WaitPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, Ticker.system()))
                    .build();
            ProjectRecord r = memory.projectStore().orElseThrow().create(new ProjectDraft("quoting", t, Map.of(), ""),
                    e -> { });
            memory.repositories().orElseThrow().provision(r, t.repositories().get(0));
            Components c = Components.builder().set(ComponentKind.ORCHESTRATOR, o).fillFrom(memory).build();
            o.provision(r, c);
            String head = memory.repositories().orElseThrow().list(r).get(0).headCommit();

            ExecutionInfo e = o.start(r, "build", StartRequest.of("quoting"));
            ExecutionInfo done = o.waitPolicy().until(Duration.ofSeconds(30),
                    () -> o.execution(r, e.id()).filter(x -> x.status().isTerminal())).orElseThrow();
            assertThat(done.status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(done.sourceCommit()).contains(head);
            String log = o.log(r, e.id(), "Quote", LogChunk.START).text();
            assertThat(log).contains("[" + tricky + "]").contains("Checking out Revision " + head);
            assertThat(jenkins.configXml(o.jobOf(r, "build").toString())).contains(Jenkinsfile.EXECUTION_ID);
        }
    }

    @Test
    void aStagesTimeout_isItsTimeoutOption_inWholeSecondsRoundedUp() {
        Template t = Template.builder().id("timeouts").displayName("timeouts")
                .addRepositories(RepositorySpec.of("app", SeedCode.ofFiles(Map.of("a.txt",
                        "a\n".getBytes(StandardCharsets.UTF_8)))))
                .addPipelines(PipelineSpec.builder().role("build").sourceRepository("app")
                        .addStages(Stage.of("Source", StageType.SOURCE).build(),
                                Stage.command("Quick", "true").timeout(Duration.ofMillis(1500)).build(),
                                Stage.command("Slow", "sleep", "30").timeout(Duration.ofSeconds(1)).build(),
                                Stage.command("After", "true").build()).build())
                .addCapabilities(Capability.HOSTED_REPOSITORIES).build();
        try (InMemoryBackend memory = InMemoryBackend.create()) {
            ProjectRecord r = memory.projectStore().orElseThrow().create(new ProjectDraft("timeouts", t, Map.of(), ""),
                    e -> { });
            String script = Jenkinsfile.render(r, t.pipelines().get(0), "https://git.example/app.git", "main", "", "");
            assertThat(script).contains("            }\n            options {\n"
                    + "                timeout(time: 1, unit: 'SECONDS')\n            }\n            steps {\n"
                    + "                sh 'sleep 30'\n")
                    .as("rounded up to whole seconds").contains("timeout(time: 2, unit: 'SECONDS')");
            assertThat(script.split("options \\{", -1)).as("only the stages with a timeout have the option").hasSize(3);
        }
    }

    @Test
    void deployStages_renderAsTheSeedsShSteps_onlyForSageMakerEndpoints() {
        Template t = Templates.modelBuildTrainDeploy();
        PipelineSpec deploy = t.pipeline("modeldeploy").orElseThrow();
        try (InMemoryBackend memory = InMemoryBackend.create()) {
            ProjectRecord r = memory.projectStore().orElseThrow().create(new ProjectDraft("abalone", t, Map.of(), ""),
                    e -> { });
            String script = Jenkinsfile.render(r, deploy, "https://git.example/acme/deploy.git", "main", "", "/opt/sdk/*",
                    true, Map.of("AWS_REGION", "us-east-1"));
            String stack = "sagemaker-abalone-" + r.id() + "-deploy-";
            assertThat(script)
                    .contains("AWS_REGION = 'us-east-1'")
                    .contains("java -cp \\'/opt/sdk/*\\' dev.mlops.aws.build.BuildDeployment --repository . --project-name"
                            + " abalone --project-id " + r.id() + " --model-package-group-name abalone-" + r.id())
                    .contains("--export-config staging=staging-config-export.json --export-config"
                            + " prod=prod-config-export.json --model-package-arn \"${ModelPackageArn:-latest-approved}\"")
                    .contains("aws cloudformation deploy --template-file template-export.yml --stack-name " + stack
                            + "staging")
                    .contains("--stack-name " + stack + "prod")
                    .contains("dev.mlops.aws.build.TestEndpoint --repository . --import-build-config"
                            + " staging-config-export.json")
                    .contains("input id: 'ApproveDeployment'");
            // the gate sits between the staging test and the prod deploy
            assertThat(script.indexOf("TestEndpoint")).isLessThan(script.indexOf("input id"));
            assertThat(script.indexOf("input id")).isLessThan(script.indexOf(stack + "prod"));

            assertThatThrownBy(() -> Jenkinsfile.render(r, deploy, "https://git.example/acme/deploy.git", "main", "",
                    "/opt/sdk/*", false, Map.of()))
                    .isInstanceOf(UnsupportedByBackendException.class)
                    .hasMessageContaining("Build (DEPLOY_CONFIG)").hasMessageContaining("SageMaker endpoints");
            assertThatThrownBy(() -> Jenkinsfile.render(r, deploy, "https://git.example/acme/deploy.git", "main", "",
                    "", true, Map.of()))
                    .isInstanceOf(UnsupportedByBackendException.class).hasMessageContaining("sdkClasspath");
        }
    }
}
