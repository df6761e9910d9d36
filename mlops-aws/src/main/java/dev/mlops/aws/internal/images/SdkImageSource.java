package dev.mlops.aws.internal.images;

import dev.mlops.aws.cfn.internal.Names;
import dev.mlops.exception.ValidationException;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Where a backend's project stacks get the SDK image they run: an image the caller names (pushed by their own
 * release process), or this process's {@link SdkImage} put into the account's ECR on first use. Either way the URI
 * is found once per backend: the push is idempotent (an existing tag is not pushed again), but building the image
 * description hashes every jar.
 */
public final class SdkImageSource implements Supplier<String> {
    private final Supplier<String> source;
    private volatile String uri;

    private SdkImageSource(Supplier<String> source) {
        this.source = source;
    }

    /**
     * A prebuilt image.
     *
     * @param field the builder field the URI came from, for the error
     * @param uri {@code <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>} or {@code @sha256:<digest>}
     * @return the source
     * @throws ValidationException if the URI is not an ECR image URI SageMaker can pull
     */
    public static SdkImageSource prebuilt(String field, String uri) {
        if (uri == null || !uri.matches(Names.ECR_IMAGE_URI)) {
            throw new ValidationException(field, uri, "an ECR image URI <account>.dkr.ecr.<region>.amazonaws.com/"
                    + "<repository>:<tag> or @sha256:<digest>, which SageMaker and CodeBuild can pull");
        }
        return new SdkImageSource(() -> uri);
    }

    /**
     * This process's SDK image, pushed to {@link SdkImage#DEFAULT_REPOSITORY} unless its tag is there already.
     *
     * @param ecr the account's ECR client, made when first needed
     * @return the source
     */
    public static SdkImageSource pushed(Supplier<EcrClient> ecr) {
        return new SdkImageSource(() -> SdkImage.builder().build().ensureInEcr(ecr.get(), SdkImage.DEFAULT_REPOSITORY));
    }

    /**
     * An image found some other way (tests, callers with their own publisher).
     *
     * @param publisher returns the image's ECR URI, making sure it is there
     * @return the source
     */
    public static SdkImageSource of(Supplier<String> publisher) {
        if (publisher == null) {
            throw new ValidationException("sdkImage.publisher", null, "a supplier of the SDK image's ECR URI");
        }
        return new SdkImageSource(publisher);
    }

    /**
     * The image's URI, found (and pushed) on the first call.
     *
     * @return the URI
     * @throws ValidationException if a publisher returned something that is not an ECR image URI
     */
    @Override
    public String get() {
        String u = uri;
        if (u == null) {
            synchronized (this) {
                u = uri;
                if (u == null) {
                    u = source.get();
                    if (u == null || !u.matches(Names.ECR_IMAGE_URI)) {
                        throw new ValidationException("sdkImage", u, "an ECR image URI from the SDK image's publisher");
                    }
                    uri = u;
                }
            }
        }
        return u;
    }

    @Override
    public String toString() {
        return "SdkImageSource{" + (uri != null ? uri : "not yet resolved") + "}";
    }
}
