package dev.mlops.aws.internal.images;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * Puts a tagged image into ECR at most once: the repository is described (created when missing, tags immutable,
 * scanned on push), the tag looked up with {@code DescribeImages}, and only a missing tag is pushed, with the
 * registry login of {@code GetAuthorizationToken}. Two callers racing on a new repository both succeed.
 */
final class EcrPublisher {
    /** Pushes an image under a full reference with registry credentials, returning its digest. */
    @FunctionalInterface
    interface Pusher {
        String push(String reference, String username, String password);
    }

    private static final Logger LOG = LoggerFactory.getLogger(EcrPublisher.class);
    private static final String NAME = "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*";

    private final EcrClient ecr;
    private final Pusher pusher;

    EcrPublisher(EcrClient ecr, Pusher pusher) {
        if (ecr == null) {
            throw new ValidationException("SdkImage.ecr", null, "an ECR client");
        }
        this.ecr = ecr;
        this.pusher = pusher;
    }

    /** The image URI of {@code repository:tag}, pushed first if the tag is not there. */
    String ensure(String repositoryName, String tag) {
        if (repositoryName == null || repositoryName.length() < 2 || repositoryName.length() > 256
                || !repositoryName.matches(NAME)) {
            throw new ValidationException("SdkImage.repositoryName", repositoryName, "an ECR repository name: 2-256"
                    + " lower-case letters, digits and . _ - / (e.g. mlops-sdk)");
        }
        Repository repo = repository(repositoryName);
        String uri = repo.repositoryUri() + ":" + tag;
        if (tagExists(repositoryName, repo.registryId(), tag)) {
            LOG.debug("SDK image {} is in ECR already; not pushed", uri);
            return uri;
        }
        AuthorizationData auth = ecr.getAuthorizationToken(r -> r.registryIds(repo.registryId()))
                .authorizationData().get(0);
        String decoded = new String(Base64.getDecoder().decode(auth.authorizationToken()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new MlopsBackendException("ECR returned an authorization token that is not user:password", null);
        }
        String digest = pusher.push(uri, decoded.substring(0, colon), decoded.substring(colon + 1));
        LOG.debug("Pushed SDK image {} ({})", uri, digest);
        return uri;
    }

    private Repository repository(String name) {
        try {
            return ecr.describeRepositories(r -> r.repositoryNames(name)).repositories().get(0);
        } catch (RepositoryNotFoundException e) {
            try {
                return ecr.createRepository(r -> r.repositoryName(name)
                        .imageTagMutability(ImageTagMutability.IMMUTABLE)
                        .imageScanningConfiguration(s -> s.scanOnPush(true))).repository();
            } catch (RepositoryAlreadyExistsException raced) {
                return ecr.describeRepositories(r -> r.repositoryNames(name)).repositories().get(0);
            }
        }
    }

    private boolean tagExists(String repositoryName, String registryId, String tag) {
        try {
            return !ecr.describeImages(r -> r.repositoryName(repositoryName).registryId(registryId)
                    .imageIds(i -> i.imageTag(tag))).imageDetails().isEmpty();
        } catch (ImageNotFoundException e) {
            return false;
        }
    }
}
