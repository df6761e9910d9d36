package dev.mlops.aws.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.AwsService;
import dev.mlops.aws.Preflight;
import dev.mlops.aws.PreflightProblem;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.aws.fixtures.AwsWire;
import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.Ticker;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/** The preflight against moto's IAM and CodeCommit: every problem at once, each naming the resource and the fix. */
@ExtendWith(MotoServer.class)
class PreflightTest {
    private static final String STUDIO = "AmazonSageMakerServiceCatalogProducts";
    private static final Template BARE = Template.builder().id("bare-preflight").displayName("Bare").build();

    private final ValidatingInterceptor interceptor = new ValidatingInterceptor();
    private URI moto;
    private AwsBackend backend;
    private WireMockServer wire;

    @BeforeEach
    void start(MotoServer server) {
        moto = server.endpoint();
        // moto has neither SageMaker's project operations nor CodeCommit's ListRepositories (it answers 500)
        wire = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wire.start();
        wire.stubFor(AwsWire.awsJson("sagemaker", "DescribeProject").willReturn(AwsWire.awsJsonError("sagemaker", 400,
                "ValidationException", "Project abalone does not exist.")));
        wire.stubFor(AwsWire.awsJson("codecommit", "ListRepositories").willReturn(AwsWire.awsJsonResponse("codecommit",
                "ListRepositories", "{\"repositories\":[]}")));
        URI stub = URI.create("http://127.0.0.1:" + wire.port());
        backend = AwsBackend.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        AwsTestClients.ACCESS_KEY_ID, AwsTestClients.SECRET_ACCESS_KEY)))
                .endpointOverride(moto).endpointOverride(AwsService.SAGEMAKER, stub)
                .endpointOverride(AwsService.CODECOMMIT, stub).addExecutionInterceptor(interceptor).maxAttempts(1)
                .waitPolicy(WaitPolicy.backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2.0, Ticker.system()))
                .build();
    }

    @AfterEach
    void stop() {
        backend.close();
        wire.stop();
        interceptor.assertNoViolations();
    }

    private void role(String name, String... services) {
        StringBuilder p = new StringBuilder();
        for (String s : services) {
            p.append(p.length() == 0 ? "" : ",").append('"').append(s).append('"');
        }
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[" + p
                + "]},\"Action\":\"sts:AssumeRole\"}]}";
        try (IamClient iam = AwsTestClients.configure(IamClient.builder(), moto, null).region(Region.AWS_GLOBAL).build()) {
            iam.createRole(r -> r.roleName(name).path("/service-role/").assumeRolePolicyDocument(trust));
        }
    }

    @Test
    void aMissingRoleAndAWronglyTrustedRole_areBothNamed_andCreationIsRefusedBeforeAnythingIsMade() {
        role(STUDIO + "LaunchRole", "cloudformation.amazonaws.com");
        role(STUDIO + "CodeBuildRole", "ec2.amazonaws.com");          // trusts the wrong service
        role(STUDIO + "EventsRole", "events.amazonaws.com");
        role(STUDIO + "CloudformationRole", "cloudformation.amazonaws.com");
        role(STUDIO + "ExecutionRole", "sagemaker.amazonaws.com");
        // no CodePipelineRole
        interceptor.clear();

        Template template = Templates.modelBuildTrainDeploy();
        assertThatThrownBy(() -> backend.projectStore().orElseThrow().create(new ProjectDraft("abalone", template, Map.of(),
                ""), e -> { }))
                .isInstanceOfSatisfying(MlopsClientException.class, e -> {
                    assertThat(e.getMessage()).contains("Preflight of project abalone: 2 error(s)")
                            .contains(STUDIO + "CodePipelineRole").contains("does not exist")
                            .contains("aws iam create-role --role-name " + STUDIO + "CodePipelineRole --path /service-role/")
                            .contains("codepipeline.amazonaws.com").contains("Enable projects")
                            .contains(STUDIO + "CodeBuildRole").contains("does not trust codebuild.amazonaws.com")
                            .contains("it trusts ec2.amazonaws.com")
                            .contains("aws iam update-assume-role-policy --role-name " + STUDIO + "CodeBuildRole")
                            .contains("Nothing was made");
                    assertThat(e.context()).containsEntry("project", "abalone").containsEntry("errors", "2");
                });
        assertThat(interceptor.mutatingCalls()).as("calls: " + interceptor.calls()).isEmpty();
    }

    @Test
    void theSameChecks_runOnTheirOwn_withCodeCommitsClosureAsAWarningWhenTheAccountHasNoRepository() {
        role(STUDIO + "LaunchRole", "cloudformation.amazonaws.com");
        Preflight p = backend.preflight("abalone", Templates.modelBuildTrainDeploy());
        assertThat(p.passed()).isFalse();
        assertThat(p.errors()).extracting(PreflightProblem::resource).contains(STUDIO + "CodePipelineRole",
                STUDIO + "CodeBuildRole", STUDIO + "EventsRole", STUDIO + "CloudformationRole", STUDIO + "ExecutionRole")
                .doesNotContain(STUDIO + "LaunchRole");
        assertThat(p.warnings()).singleElement().satisfies(w -> {
            assertThat(w.check()).isEqualTo("codecommit");
            assertThat(w.problem()).contains("July 2024");
            assertThat(w.fix()).contains("CodeConnections").contains("S3 source");
        });
        assertThat(p.report()).contains("5 error(s), 1 warning(s)");
    }

    @Test
    void aLeadingDigitName_isAccepted_andA33CharacterOne_isRefused() {
        role(STUDIO + "LaunchRole", "cloudformation.amazonaws.com");
        assertThat(backend.preflight("1abalone", BARE).problems()).isEmpty();
        Preflight tooLong = backend.preflight("a" + "b".repeat(32), BARE);
        assertThat(tooLong.errors()).singleElement().satisfies(e -> {
            assertThat(e.check()).isEqualTo("name");
            assertThat(e.problem()).contains("33 characters, more than 32");
        });
        assertThat(backend.preflight("abalone-", BARE).errors()).extracting(PreflightProblem::check).containsExactly("name");
    }

    @Test
    void aRoleUnderAnotherPath_isNamedWithThePathTheStackUses() {
        try (IamClient iam = AwsTestClients.configure(IamClient.builder(), moto, null).region(Region.AWS_GLOBAL).build()) {
            iam.createRole(r -> r.roleName(STUDIO + "LaunchRole").path("/team/").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                            + "\"cloudformation.amazonaws.com\"},\"Action\":[\"sts:AssumeRole\"]}}"));
        }
        Preflight p = backend.preflight("abalone", BARE);
        assertThat(p.errors()).singleElement().satisfies(e -> assertThat(e.problem()).contains("under path /team/")
                .contains("/service-role/" + STUDIO + "LaunchRole"));
    }

    @Test
    void codeCommitClosedToTheAccount_isAnError_namingTheAlternatives() {
        role(STUDIO + "LaunchRole", "cloudformation.amazonaws.com");
        wire.stubFor(AwsWire.awsJson("codecommit", "ListRepositories").willReturn(AwsWire.awsJsonError("codecommit", 400,
                "OperationNotAllowedException", "CreateRepository request is not allowed because there is no existing"
                        + " repository in this AWS account or AWS Organization")));
        Preflight p = backend.preflight("abalone", Templates.modelBuildTrainDeploy());
        assertThat(p.errors()).filteredOn(e -> e.check().equals("codecommit")).singleElement().satisfies(e -> {
            assertThat(e.problem()).contains("closed to this account");
            assertThat(e.fix()).contains("CodeConnections").contains("S3 source");
        });
    }

    @Test
    void serviceCatalogProvisioning_needsTheLaunchRoleTrustedByServiceCatalog() {
        role(STUDIO + "LaunchRole", "cloudformation.amazonaws.com");
        try (AwsBackend sc = AwsBackend.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        AwsTestClients.ACCESS_KEY_ID, AwsTestClients.SECRET_ACCESS_KEY)))
                .endpointOverride(moto).endpointOverride(AwsService.SAGEMAKER, URI.create("http://127.0.0.1:1"))
                .maxAttempts(1).serviceCatalogProduct("bare-preflight", "My product").build()) {
            Preflight p = sc.preflight("abalone", BARE);
            assertThat(p.errors()).extracting(PreflightProblem::problem)
                    .anySatisfy(m -> assertThat(m).contains("does not trust servicecatalog.amazonaws.com"));
            assertThat(p.warnings()).extracting(PreflightProblem::check).contains("service-catalog");
        }
    }
}
