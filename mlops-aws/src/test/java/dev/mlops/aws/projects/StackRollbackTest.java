package dev.mlops.aws.projects;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.AwsService;
import dev.mlops.aws.fixtures.AwsWire;
import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.ProjectStore;
import dev.mlops.template.Template;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A project stack that rolls back: its per-resource events (stubbed on WireMock, newest first, in two pages, appearing
 * over two polls) reach the listener in order, and the creation fails naming the first resource that failed and why,
 * not the rollback's summary nor a resource cancelled because of it.
 */
@ExtendWith(MotoServer.class)
class StackRollbackTest {
    private static final String STACK = FakeSageMakerProjects.SCRIPTED_STACK_ID;
    private static final String ROLE = "arn:aws:iam::123456789012:role/service-role/AmazonSageMakerServiceCatalogProductsCodePipelineRole";

    private final ValidatingInterceptor interceptor = new ValidatingInterceptor();
    private FakeSageMakerProjects fake;
    private WireMockServer cloudFormation;
    private AwsBackend backend;

    @BeforeEach
    void start(MotoServer moto) {
        ProjectsFixture.role(moto.endpoint(), ProjectsFixture.STUDIO + "LaunchRole", "cloudformation.amazonaws.com");
        fake = new FakeSageMakerProjects(moto.endpoint());
        fake.scripted("CreateFailed");
        fake.inProgressPolls = 2;
        cloudFormation = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        cloudFormation.start();
        backend = ProjectsFixture.backend(moto.endpoint(), fake.endpoint(), interceptor)
                .endpointOverride(AwsService.CLOUDFORMATION, URI.create("http://127.0.0.1:" + cloudFormation.port()))
                .build();
    }

    @AfterEach
    void stop() {
        backend.close();
        fake.close();
        cloudFormation.stop();
    }

    private static String event(int n, String logical, String type, String status, String reason) {
        return "<member><StackId>" + STACK + "</StackId><EventId>e" + n + "</EventId><StackName>"
                + FakeSageMakerProjects.SCRIPTED_STACK_NAME + "</StackName><LogicalResourceId>" + logical
                + "</LogicalResourceId><ResourceType>" + type + "</ResourceType><Timestamp>2025-11-02T10:00:0" + n
                + "Z</Timestamp><ResourceStatus>" + status + "</ResourceStatus>"
                + (reason == null ? "" : "<ResourceStatusReason>" + reason + "</ResourceStatusReason>") + "</member>";
    }

    private static final String STACK_TYPE = "AWS::CloudFormation::Stack";
    private static final String E1 = event(1, FakeSageMakerProjects.SCRIPTED_STACK_NAME, STACK_TYPE, "CREATE_IN_PROGRESS", "User Initiated");
    private static final String E2 = event(2, "MlOpsArtifactsBucket", "AWS::S3::Bucket", "CREATE_IN_PROGRESS", null);
    private static final String E3 = event(3, "ModelBuildPipeline", "AWS::CodePipeline::Pipeline", "CREATE_FAILED",
            "CodePipeline is not authorized to perform AssumeRole on role " + ROLE);
    private static final String E4 = event(4, "ModelBuildProject", "AWS::CodeBuild::Project", "CREATE_FAILED",
            "Resource creation cancelled");
    private static final String E5 = event(5, FakeSageMakerProjects.SCRIPTED_STACK_NAME, STACK_TYPE, "ROLLBACK_IN_PROGRESS",
            "The following resource(s) failed to create: [ModelBuildProject, ModelBuildPipeline]. Rollback requested by user.");
    private static final String E6 = event(6, "MlOpsArtifactsBucket", "AWS::S3::Bucket", "DELETE_COMPLETE", null);
    private static final String E7 = event(7, FakeSageMakerProjects.SCRIPTED_STACK_NAME, STACK_TYPE, "ROLLBACK_COMPLETE", null);

    @Test
    void aStackThatRollsBack_failsTheCreation_namingItsFirstFailingResource() {
        cloudFormation.stubFor(AwsWire.query("cloudformation", "DescribeStackEvents").inScenario("stack")
                .whenScenarioStateIs(Scenario.STARTED).withRequestBody(notContaining("NextToken"))
                .willSetStateTo("rolled back")
                .willReturn(AwsWire.queryResponse("cloudformation", "DescribeStackEvents",
                        "<StackEvents>" + E2 + E1 + "</StackEvents>")));
        cloudFormation.stubFor(AwsWire.query("cloudformation", "DescribeStackEvents").inScenario("stack")
                .whenScenarioStateIs("rolled back").withRequestBody(notContaining("NextToken"))
                .willReturn(AwsWire.queryResponse("cloudformation", "DescribeStackEvents",
                        "<StackEvents>" + E7 + E6 + E5 + "</StackEvents><NextToken>page2</NextToken>")));
        cloudFormation.stubFor(AwsWire.query("cloudformation", "DescribeStackEvents").inScenario("stack")
                .whenScenarioStateIs("rolled back").withRequestBody(containing("NextToken=page2"))
                .willReturn(AwsWire.queryResponse("cloudformation", "DescribeStackEvents",
                        "<StackEvents>" + E4 + E3 + E2 + E1 + "</StackEvents>")));
        ProjectStore store = backend.projectStore().orElseThrow();
        List<ProjectEvent> progress = new CopyOnWriteArrayList<>();
        Template bare = Template.builder().id("bare-rollback").displayName("Rollback").build();

        assertThatThrownBy(() -> store.create(new ProjectDraft("rollback", bare, Map.of(), ""), progress::add))
                .isInstanceOfSatisfying(MlopsBackendException.class, e -> {
                    assertThat(e.getMessage()).contains("Project rollback").contains("could not be created")
                            .contains("CreateFailed")
                            .contains("the first resource to fail was ModelBuildPipeline (AWS::CodePipeline::Pipeline)")
                            .contains("CodePipeline is not authorized to perform AssumeRole on role " + ROLE)
                            .contains("AwsBackend.preflight");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.context()).containsEntry("project", "rollback").containsEntry("stack", STACK)
                            .containsEntry("resource", "ModelBuildPipeline")
                            .containsEntry("resourceType", "AWS::CodePipeline::Pipeline");
                });
        assertThat(progress).filteredOn(e -> e.type() == ProjectEventType.ProvisioningProgress)
                .filteredOn(e -> e.detail().containsKey("resourceType"))
                .extracting(e -> e.detail().get("status") + " " + e.subject())
                .containsExactly("CREATE_IN_PROGRESS " + FakeSageMakerProjects.SCRIPTED_STACK_NAME,
                        "CREATE_IN_PROGRESS MlOpsArtifactsBucket", "CREATE_FAILED ModelBuildPipeline",
                        "CREATE_FAILED ModelBuildProject", "ROLLBACK_IN_PROGRESS " + FakeSageMakerProjects.SCRIPTED_STACK_NAME,
                        "DELETE_COMPLETE MlOpsArtifactsBucket", "ROLLBACK_COMPLETE " + FakeSageMakerProjects.SCRIPTED_STACK_NAME);

        // a retried create finds the failed project and says the same, and what to do
        assertThatThrownBy(() -> store.create(new ProjectDraft("rollback", bare, Map.of(), ""), e -> { }))
                .isInstanceOf(MlopsBackendException.class).hasMessageContaining("ModelBuildPipeline")
                .hasMessageContaining("delete the project and create it again");
        assertThat(fake.createCalls.get()).isEqualTo(1);
        interceptor.assertNoViolations();
    }
}
