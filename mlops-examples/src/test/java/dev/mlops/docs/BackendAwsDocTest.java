package dev.mlops.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.ProjectStatus;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.cfn.AwsRoles;
import dev.mlops.aws.cfn.CloudFormationRenderer;
import dev.mlops.aws.cfn.RenderedProject;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.aws.sim.AwsSimulation;
import dev.mlops.template.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS blocks of the README and docs/backend-aws.md: making the backend (offline: nothing is called until a
 * project is made), rendering a project's CloudFormation with no credentials, and the whole flow against the AWS
 * simulation of mlops-aws's test-jar (moto and the fakes behind one front, every request validated against
 * botocore's models), where {@code aws} is the simulation's backend in place of the one the first block makes.
 */
class BackendAwsDocTest {
    @TempDir
    Path dir;

    @Test
    void theBackendIsMadeOffline() {
        // tag::backend[]
        AwsBackend aws = AwsBackend.builder().region(Region.EU_WEST_1).build();   // default credential chain
        // end::backend[]
        try (aws) {
            assertThat(aws.name()).isEqualTo("aws");
        }
    }

    @Test
    void aProjectRendersWithNoCredentials() throws Exception {
        Path out = dir.resolve("cfn");
        String modelPackageArn = "arn:aws:sagemaker:eu-west-1:123456789012:model-package/abalone-p-idy6c3e1fiqj/1";
        String executionRoleArn = "arn:aws:iam::123456789012:role/service-role/AmazonSageMakerServiceCatalogProductsExecutionRole";
        // tag::render[]
        RenderedProject rendered = new CloudFormationRenderer()
                .render(Templates.modelBuildTrainDeploy(), "abalone", AwsRoles.defaults());
        rendered.writeTo(out);              // abalone-project.json, abalone-deploy-staging.json, abalone-deploy-prod.json
        rendered.seedArchives();            // where the project stack expects each repository's seed zip
        rendered.endpointStack("staging").orElseThrow()
                .exportedConfiguration("p-idy6c3e1fiqj", modelPackageArn, executionRoleArn);   // what the deploy build writes
        // end::render[]
        assertThat(out.resolve("abalone-project.json")).isRegularFile();
        assertThat(out.resolve("abalone-deploy-staging.json")).isRegularFile();
        assertThat(out.resolve("abalone-deploy-prod.json")).isRegularFile();
        assertThat(rendered.seedArchives()).hasSize(2);
        assertThat(rendered.endpointStack("staging").orElseThrow()
                .exportedConfiguration("p-idy6c3e1fiqj", modelPackageArn, executionRoleArn).toString())
                .contains(modelPackageArn);
        assertThat(Files.readString(out.resolve("abalone-project.json"))).contains("AWS::CodePipeline::Pipeline");
    }

    @Test
    void theFlowOnAws_againstTheSimulation() throws Exception {
        ValidatingInterceptor validator = new ValidatingInterceptor();
        try (AwsSimulation sim = AwsSimulation.start(0, 1);
             AwsBackend aws = sim.backend(dir, validator).build()) {
            // tag::flow[]
            try (Project project = MlopsProjects.builder()
                    .name("abalone")
                    .template(Templates.modelBuildTrainDeploy())
                    .listener(e -> System.out.println(e.message()))     // the stack's events, as they happen
                    .backend(aws)
                    .create()) {                                        // preflight, render, upload, CreateProject, wait
                project.pipelines().build().awaitLatest(Duration.ofMinutes(60));
                ModelVersion v = project.models().pendingApproval().first().orElseThrow();
                v = v.approve("MSE below 6.0");                              // UpdateModelPackage; EventBridge starts the deploy
                project.environments().staging().awaitDeployed(v, Duration.ofMinutes(30));
                project.gates().awaitPending(v, Duration.ofMinutes(30)).approve("staging tests passed");  // PutApprovalResult
                project.environments().prod().awaitDeployed(v, Duration.ofMinutes(30));
                // The same raw row as on the embedded backend: preprocessor, then XGBoost (see "Which containers…" below).
                String rings = project.environments().prod().endpoint().invoke("M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15");
                ProjectStatus status = project.status();                    // pipelines, gates, versions, endpoints
                assertThat(Double.parseDouble(rings.trim())).isBetween(1.0, 30.0); // docs:hide
                assertThat(status.approvedModel()).isPresent(); // docs:hide
                project.delete();                                            // also the endpoint stacks and the artifact bucket
            }
            // end::flow[]
            // tag::readme[]
            try (Project project = MlopsProjects.builder().name("abalone").backend(aws).create()) {   // preflight first
                Execution build = project.pipelines().build().awaitLatest(Duration.ofMinutes(60));   // the same calls as above
                project.status();                                                          // the whole project in one view
                project.delete();                                                          // with the endpoint stacks and bucket
                assertThat(build.status()).isEqualTo(ExecutionStatus.Succeeded); // docs:hide
            }
            // end::readme[]
            assertThat(MlopsProjects.builder().backend(aws).list()).doesNotContain("abalone");
        }
        validator.assertNoViolations();
    }
}
