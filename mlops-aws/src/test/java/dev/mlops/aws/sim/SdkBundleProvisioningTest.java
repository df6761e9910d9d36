package dev.mlops.aws.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.MlopsProjects;
import dev.mlops.Project;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.aws.internal.bundle.SdkBundle;
import dev.mlops.template.Templates;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creating a project uploads the SDK bundle its builds run before the stack exists, and names it in the stack; a
 * second project of the same SDK uploads no jar again.
 */
class SdkBundleProvisioningTest {
    private static final String TEMPLATE_BUCKET = "sagemaker-us-east-1-" + AwsTestClients.MOTO_ACCOUNT_ID;

    @TempDir
    Path cache;

    private AwsSimulation aws;
    private final ValidatingInterceptor validator = new ValidatingInterceptor();

    @BeforeEach
    void start() throws Exception {
        aws = AwsSimulation.start(0, 1);
    }

    @AfterEach
    void stop() {
        aws.close();
        validator.assertNoViolations();
    }

    @Test
    void create_uploadsTheBundleOnce_andTheStackNamesIt() {
        SdkBundle bundle = SdkBundle.current();
        try (AwsBackend backend = aws.backend(cache, validator).build()) {
            try (Project project = MlopsProjects.builder().name("bundled").template(Templates.modelBuildTrainDeploy())
                    .backend(backend).create()) {
                Map<String, String> params = aws.cloudFormation().describeStacks().stacks().stream()
                        .filter(s -> s.parameters().stream().anyMatch(p -> p.parameterValue().equals(project.id())))
                        .findFirst().orElseThrow().parameters().stream()
                        .collect(Collectors.toMap(p -> p.parameterKey(), p -> p.parameterValue()));
                assertThat(params).containsEntry("MlopsSdkBundle", bundle.digest())
                        .containsEntry("SeedCodeBucket", TEMPLATE_BUCKET)
                        .containsEntry("MlopsSdkImage", AwsSimulation.SDK_IMAGE);   // the prebuilt image named
            }
            assertThat(aws.s3().getObjectAsBytes(r -> r.bucket(TEMPLATE_BUCKET).key(bundle.prefix() + "SHA256SUMS"))
                    .asByteArray()).isEqualTo(bundle.manifest());
            for (SdkBundle.Entry e : bundle.entries()) {
                assertThat(aws.s3().headObject(r -> r.bucket(TEMPLATE_BUCKET).key(bundle.prefix() + e.name()))
                        .contentLength()).as(e.name()).isEqualTo(e.size());
            }
            int putsBefore = validator.calls("S3.PutObject");
            try (Project second = MlopsProjects.builder().name("bundled-two").template(Templates.modelBuildTrainDeploy())
                    .backend(backend).create()) {
                assertThat(second.id()).isNotBlank();
            }
            // The second project's stack, seeds and journal, but none of the bundle's jars.
            assertThat(validator.calls("S3.PutObject") - putsBefore).isLessThan(bundle.entries().size());
        }
    }
}
