package dev.mlops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The render command writes the CloudFormation a project would deploy, and refuses what this release cannot render. */
class RenderTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void render_writesTheProjectStackAndOneEndpointStackPerEnvironment() throws Exception {
        Path folder = dir.resolve("cfn");

        assertThat(run("render", "--template", "model-building-training-deployment", "--project", "churn", "--out", folder.toString()))
                .isEqualTo(0);

        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("churn-deploy-prod.json", "churn-deploy-staging.json", "churn-project.json");
        }
        assertThat(Files.readString(folder.resolve("churn-project.json")))
                .contains("\"ModelDeploySageMakerEventRule\"", "SageMaker Model Package State Change", "sagemaker-project-${SageMakerProjectId}");
        assertThat(Files.readString(folder.resolve("churn-deploy-staging.json")))
                .contains("\"Default\": \"churn\"", "${SageMakerProjectName}-${StageName}");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Rendered template model-building-training-deployment for project churn to " + folder)
                .contains("  churn-project.json", "  churn-deploy-staging.json", "  churn-deploy-prod.json")
                .contains("modelbuild (branch main): mlops-seedcode/model-building-training-deployment/modelbuild/")
                .contains("modeldeploy (branch main): mlops-seedcode/model-building-training-deployment/modeldeploy/");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void render_ofTheJenkinsTemplate_writesItsProjectStack_withTheApprovalRoute() throws Exception {
        Path folder = dir.resolve("jenkins");

        assertThat(run("render", "--template", "model-building-training-deployment-3p-git-jenkins", "--project", "churn", "--out",
                folder.toString()))
                .isEqualTo(0);

        assertThat(folder.resolve("churn-project.json")).exists();
        assertThat(java.nio.file.Files.readString(folder.resolve("churn-project.json")))
                .contains("AWS::Events::ApiDestination").doesNotContain("AWS::CodePipeline::Pipeline");
    }

    @Test
    void render_needsAKnownTemplate_anOutFolder_andAValidProjectName() throws Exception {
        assertThat(run("render", "--template", "nope", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: unknown template 'nope'; --template is one of model-building-training,"
                + " model-deployment, model-building-training-deployment,");

        err.reset();
        assertThat(run("render", "--template", "model-building-training")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: render needs --out DIR");

        err.reset();
        assertThat(run("render", "--template", "model-building-training", "--project", "-lives", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: CloudFormationRenderer.projectName = \"-lives\" is invalid");
    }

    @Test
    void help_describesRender_andListsTheTemplates() throws Exception {
        assertThat(run("help", "render")).isEqualTo(0);

        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("usage: java -jar mlops-examples.jar render --template ID [--project NAME] --out DIR")
                .contains("Templates (--template):\n  model-building-training\n  model-deployment\n")
                .contains("model-building-training-deployment-3p-git-jenkins");
        out.reset();
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("render       write the CloudFormation templates a project would deploy on AWS")
                .contains("--template ID        render: the template's id");
    }
}
