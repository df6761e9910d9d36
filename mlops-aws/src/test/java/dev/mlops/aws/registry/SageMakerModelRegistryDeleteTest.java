package dev.mlops.aws.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.mlops.aws.fixtures.AwsWire.awsJson;
import static dev.mlops.aws.fixtures.AwsWire.awsJsonResponse;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.Templates;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting a project's versions and group, on WireMock: moto implements neither DeleteModelPackage nor the group's. */
class SageMakerModelRegistryDeleteTest {
    @TempDir
    Path scratch;

    @Test
    void deleteProject_deletesEachVersion_thenTheGroup() {
        WireMockServer wire = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wire.start();
        ValidatingInterceptor validator = new ValidatingInterceptor();
        String group = "abalone-p-abcdef123456";
        String arn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/" + group + "/";
        try (AwsBackend aws = MotoBackends.builder(URI.create(wire.baseUrl()), validator, scratch).build()) {
            wire.stubFor(awsJson("sagemaker", "ListModelPackages").willReturn(awsJsonResponse("sagemaker",
                    "ListModelPackages", "{\"ModelPackageSummaryList\": ["
                            + "{\"ModelPackageArn\": \"" + arn + "2\", \"ModelPackageGroupName\": \"" + group + "\","
                            + " \"ModelPackageVersion\": 2, \"CreationTime\": 1700000100, \"ModelPackageStatus\": \"Completed\"},"
                            + "{\"ModelPackageArn\": \"" + arn + "1\", \"ModelPackageGroupName\": \"" + group + "\","
                            + " \"ModelPackageVersion\": 1, \"CreationTime\": 1700000000, \"ModelPackageStatus\": \"Completed\"}]}")));
            for (String op : new String[] {"DeleteModelPackage", "DeleteModelPackageGroup"}) {
                wire.stubFor(awsJson("sagemaker", op).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1").withBody("{}")));
            }
            ProjectRecord p = new ProjectRecord("abalone", "p-abcdef123456", Templates.modelBuildTrainDeploy(), Map.of(),
                    Instant.now());
            aws.registry().orElseThrow().deleteProject(p);
            wire.verify(2, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.DeleteModelPackage")));
            wire.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing(arn + "1")));
            wire.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.DeleteModelPackageGroup"))
                    .withRequestBody(containing(group)));
            validator.assertNoViolations();
        } finally {
            wire.stop();
        }
    }
}
