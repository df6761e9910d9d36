package dev.mlops.aws.internal.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.exception.ValidationException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;

/**
 * {@code ensureInEcr}'s ECR side against moto, every request checked against botocore's ECR model: repository made
 * once, tag looked up with DescribeImages, the login from GetAuthorizationToken, and no second push. Moto has no
 * Docker Registry API, so the push itself is a recorder that stores the manifest with ECR's PutImage, as a real push
 * leaves the tag behind; the Jib push to a registry is not exercised here.
 */
@ExtendWith(MotoServer.class)
class EcrPublisherMotoTest {
    private final ValidatingInterceptor interceptor = new ValidatingInterceptor();

    @AfterEach
    void noViolations() {
        interceptor.assertNoViolations();
    }

    /** A push as the registry would record it: the manifest under the tag. */
    private static final class RecordingPusher implements EcrPublisher.Pusher {
        final List<String> pushed = new ArrayList<>();
        final EcrClient ecr;
        String username;
        String password;

        RecordingPusher(EcrClient ecr) {
            this.ecr = ecr;
        }

        @Override
        public String push(String reference, String user, String pass) {
            pushed.add(reference);
            username = user;
            password = pass;
            String repository = reference.substring(reference.indexOf('/') + 1, reference.lastIndexOf(':'));
            String tag = reference.substring(reference.lastIndexOf(':') + 1);
            ecr.putImage(r -> r.repositoryName(repository).imageTag(tag).imageManifest("{\"schemaVersion\":2,"
                    + "\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"config\":{\"mediaType\":"
                    + "\"application/vnd.docker.container.image.v1+json\",\"size\":2,\"digest\":\"sha256:"
                    + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\"},\"layers\":[]}"));
            return "sha256:0";
        }
    }

    @Test
    void theRepositoryIsMadeOnceAndAnImageIsPushedOnce() {
        try (EcrClient ecr = MotoServer.clientConfig(EcrClient.builder(), interceptor).build()) {
            RecordingPusher pusher = new RecordingPusher(ecr);
            EcrPublisher publisher = new EcrPublisher(ecr, pusher);
            String uri = publisher.ensure("mlops-sdk", "0.1.0-abcdef012345");
            assertThat(uri).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-sdk:0.1.0-abcdef012345");
            assertThat(pusher.pushed).containsExactly(uri);
            assertThat(pusher.username).isEqualTo("AWS");
            assertThat(pusher.password).isNotBlank();
            assertThat(ecr.describeRepositories(r -> r.repositoryNames("mlops-sdk")).repositories().get(0)
                    .imageTagMutability()).isEqualTo(ImageTagMutability.IMMUTABLE);

            // idempotent: the tag is there, nothing is pushed or created again
            assertThat(publisher.ensure("mlops-sdk", "0.1.0-abcdef012345")).isEqualTo(uri);
            assertThat(pusher.pushed).hasSize(1);
            assertThat(interceptor.calls()).containsEntry("ECR.CreateRepository", 1)
                    .containsEntry("ECR.GetAuthorizationToken", 1).containsEntry("ECR.DescribeImages", 2);

            // a new SDK build is a new tag in the same repository
            String next = publisher.ensure("mlops-sdk", "0.1.1-0123456789ab");
            assertThat(next).endsWith("/mlops-sdk:0.1.1-0123456789ab");
            assertThat(pusher.pushed).hasSize(2);
            assertThat(interceptor.calls()).containsEntry("ECR.CreateRepository", 1);
        }
    }

    @Test
    void sdkImageEnsureInEcrSkipsTheBuildWhenTheTagIsThere() {
        try (EcrClient ecr = MotoServer.clientConfig(EcrClient.builder(), interceptor).build()) {
            SdkImage image = SdkImage.builder().fromScratch().build();
            // the tag made by an earlier push (another machine, an earlier run): nothing is built or pushed now
            new EcrPublisher(ecr, new RecordingPusher(ecr)).ensure("mlops-sdk-2", image.tag());
            String uri = image.ensureInEcr(ecr, "mlops-sdk-2");
            assertThat(uri).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-sdk-2:" + image.tag());
        }
    }

    @Test
    void aBadRepositoryNameIsRefusedBeforeAnyCall() {
        try (EcrClient ecr = MotoServer.clientConfig(EcrClient.builder(), interceptor).build()) {
            assertThatThrownBy(() -> new EcrPublisher(ecr, (r, u, p) -> "x").ensure("Mlops SDK", "t"))
                    .isInstanceOf(ValidationException.class).hasMessageStartingWith("SdkImage.repositoryName");
            assertThat(interceptor.calls()).isEmpty();
        }
    }
}
