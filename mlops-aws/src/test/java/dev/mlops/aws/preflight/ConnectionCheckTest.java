package dev.mlops.aws.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.AwsService;
import dev.mlops.aws.Preflight;
import dev.mlops.aws.PreflightProblem;
import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.aws.fixtures.AwsWire;
import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.aws.projects.ProjectsFixture;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.Ticker;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The preflight's check of a third-party template's CodeConnections connection: available and tagged
 * {@code sagemaker=true} passes; pending, in error, untagged, missing each refuse creation naming the connection and
 * the fix; a throttled check is a warning. moto has no CodeConnections, so it is WireMock answering as the API does
 * (awsJson 1.0, {@code com.amazonaws.codeconnections.CodeConnections_20231201.*}), every request and every stubbed
 * answer validated against botocore's {@code codeconnections} model; IAM is moto.
 */
@ExtendWith(MotoServer.class)
class ConnectionCheckTest {
    private static final String ID = "2b7bf8e4-0d4c-4c3b-a3c7-97d1f8a1c9d0";
    private static final String ARN = "arn:aws:codeconnections:us-east-1:123456789012:connection/" + ID;

    private final ValidatingInterceptor interceptor = new ValidatingInterceptor();
    private WireMockServer wire;
    private AwsBackend backend;

    @BeforeEach
    void start(MotoServer server) {
        URI moto = server.endpoint();
        ProjectsFixture.allRoles(moto);
        wire = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wire.start();
        wire.stubFor(AwsWire.awsJson("sagemaker", "DescribeProject").willReturn(AwsWire.awsJsonError("sagemaker", 400,
                "ValidationException", "Project abalone does not exist.")));
        URI stub = URI.create("http://127.0.0.1:" + wire.port());
        backend = AwsBackend.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        AwsTestClients.ACCESS_KEY_ID, AwsTestClients.SECRET_ACCESS_KEY)))
                .endpointOverride(moto).endpointOverride(AwsService.SAGEMAKER, stub)
                .endpointOverride(AwsService.CODECONNECTIONS, stub).addExecutionInterceptor(interceptor).maxAttempts(1)
                .waitPolicy(WaitPolicy.backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2.0, Ticker.system()))
                .build();
    }

    @AfterEach
    void stop() {
        backend.close();
        wire.stop();
        interceptor.assertNoViolations();
    }

    private static Template template(String arn) {
        return Templates.thirdPartyGitCodePipeline()
                .withParameter("ModelBuildCodeRepositoryFullname", "acme/abalone-modelbuild")
                .withParameter("ModelDeployCodeRepositoryFullname", "acme/abalone-modeldeploy")
                .withParameter("CodeConnectionArn", arn);
    }

    /** Stubs GetConnection with a status and ListTagsForResource with tags ({@code key=value,…}). */
    static void connection(WireMockServer wire, String arn, String status, String tags) {
        wire.stubFor(AwsWire.awsJson("codeconnections", "GetConnection").willReturn(AwsWire.awsJsonResponse(
                "codeconnections", "GetConnection", "{\"Connection\":{\"ConnectionName\":\"acme-github\",\"ConnectionArn\":\""
                        + arn + "\",\"ProviderType\":\"GitHub\",\"OwnerAccountId\":\"123456789012\",\"ConnectionStatus\":\""
                        + status + "\"}}")));
        StringBuilder list = new StringBuilder();
        for (String t : tags.isEmpty() ? new String[0] : tags.split(",")) {
            String[] kv = t.split("=");
            list.append(list.length() == 0 ? "" : ",").append("{\"Key\":\"").append(kv[0]).append("\",\"Value\":\"")
                    .append(kv[1]).append("\"}");
        }
        wire.stubFor(AwsWire.awsJson("codeconnections", "ListTagsForResource").willReturn(AwsWire.awsJsonResponse(
                "codeconnections", "ListTagsForResource", "{\"Tags\":[" + list + "]}")));
    }

    private List<PreflightProblem> problems(String arn) {
        Preflight p = backend.preflight("abalone", template(arn));
        return p.problems().stream().filter(x -> x.check().equals("connection")).toList();
    }

    @Test
    void anAvailableTaggedConnection_passes() {
        connection(wire, ARN, "AVAILABLE", "sagemaker=TRUE,team=ml");
        Preflight p = backend.preflight("abalone", template(ARN));
        assertThat(p.problems()).as(p.report()).noneMatch(x -> x.check().equals("connection"));
        assertThat(interceptor.calls("CodeConnections.GetConnection")).isEqualTo(1);
        assertThat(interceptor.calls("CodeConnections.ListTagsForResource")).isEqualTo(1);
        // the older CodeStar Connections ARNs are read through the same API
        String old = "arn:aws:codestar-connections:us-east-1:123456789012:connection/" + ID;
        connection(wire, old, "AVAILABLE", "sagemaker=true");
        assertThat(problems(old)).isEmpty();
    }

    @Test
    void aPendingConnection_isAnErrorNamingItAndTheHandshake() {
        connection(wire, ARN, "PENDING", "sagemaker=true");
        assertThat(problems(ARN)).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(PreflightProblem.Severity.ERROR);
            assertThat(x.resource()).isEqualTo(ARN);
            assertThat(x.problem()).contains("acme-github").contains(ARN).contains("PENDING");
            assertThat(x.fix()).isEqualTo("Complete the handshake in the console: Developer Tools > Settings > Connections"
                    + " > acme-github > Update pending connection, and authorize the GitHub app");
        });
    }

    @Test
    void anUntaggedConnection_isAnErrorWithTheTagCommand() {
        connection(wire, ARN, "AVAILABLE", "team=ml");
        assertThat(problems(ARN)).singleElement().satisfies(x -> {
            assertThat(x.problem()).contains("is not tagged sagemaker=true").contains(ARN);
            assertThat(x.fix()).isEqualTo("aws codeconnections tag-resource --resource-arn " + ARN
                    + " --tags Key=sagemaker,Value=true --region us-east-1");
        });
        connection(wire, ARN, "AVAILABLE", "sagemaker=false");
        assertThat(problems(ARN)).singleElement().satisfies(x -> assertThat(x.problem()).contains("(it is sagemaker=false)"));
    }

    @Test
    void aConnectionInError_orOfAnUnknownStatus_isAnErrorSayingWhatToDo() {
        connection(wire, ARN, "ERROR", "sagemaker=true");
        assertThat(problems(ARN)).singleElement().satisfies(x -> assertThat(x.fix())
                .contains("Developer Tools > Settings > Connections > acme-github")
                .contains("update the connection to authorize it again"));
    }

    @Test
    void aMissingConnection_isAnError_andAnotherRegionsArnSaysSo() {
        wire.stubFor(AwsWire.awsJson("codeconnections", "GetConnection").willReturn(AwsWire.awsJsonError("codeconnections",
                400, "ResourceNotFoundException", "Connection " + ARN + " not found")));
        assertThat(problems(ARN)).singleElement().satisfies(x -> {
            assertThat(x.problem()).isEqualTo("Connection " + ARN + " does not exist in this account and region.");
            assertThat(x.fix()).contains("aws codeconnections create-connection").contains("Key=sagemaker,Value=true");
        });
        String elsewhere = ARN.replace("us-east-1", "eu-west-1");
        assertThat(problems(elsewhere)).singleElement().satisfies(x -> assertThat(x.problem())
                .contains("the ARN names region eu-west-1, and the project is created in us-east-1"));
        assertThat(problems("not-an-arn")).singleElement().satisfies(x -> assertThat(x.problem())
                .isEqualTo("The CodeConnectionArn not-an-arn is not the ARN of a connection"
                        + " (arn:aws:codeconnections:<region>:<account>:connection/<id>)."));
    }

    @Test
    void aThrottledCheck_isAWarning_notAnError() {
        wire.stubFor(AwsWire.awsJson("codeconnections", "GetConnection").willReturn(AwsWire.awsJsonError("codeconnections",
                400, "ThrottlingException", "Rate exceeded")));
        assertThat(problems(ARN)).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(PreflightProblem.Severity.WARNING);
            assertThat(x.problem()).startsWith("Could not check connection " + ARN).contains("ThrottlingException");
            assertThat(x.fix()).startsWith("Check again later");
        });
    }

    @Test
    void aPendingConnection_refusesCreation_beforeAnythingIsMade() {
        connection(wire, ARN, "PENDING", "");
        assertThatThrownBy(() -> backend.projectStore().orElseThrow().create(new ProjectDraft("abalone", template(ARN),
                Map.of(), ""), e -> { }))
                .isInstanceOfSatisfying(MlopsClientException.class, e -> assertThat(e.getMessage())
                        .contains("Preflight of project abalone: 2 error(s)").contains("Update pending connection")
                        .contains("aws codeconnections tag-resource --resource-arn " + ARN)
                        .contains("Nothing was made"));
        assertThat(interceptor.calls("SageMaker.CreateProject")).isZero();
        assertThat(interceptor.calls("S3.PutObject")).isZero();
    }
}
