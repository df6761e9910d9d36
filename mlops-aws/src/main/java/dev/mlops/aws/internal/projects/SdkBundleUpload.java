package dev.mlops.aws.internal.projects;

import dev.mlops.aws.internal.bundle.SdkBundle;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Puts the SDK bundle into the template bucket before a project stack that runs it is created, so that its first
 * build (which starts as soon as the stack makes the pipeline) finds it. The bundle's prefix names its content: a
 * bundle whose manifest is there is complete (the manifest goes last) and nothing is uploaded; otherwise each jar not
 * there yet is uploaded with its SHA-256, which S3 checks.
 */
final class SdkBundleUpload {
    private static final Logger LOG = LoggerFactory.getLogger(SdkBundleUpload.class);

    private final TemplateBucket bucket;
    private final Supplier<SdkBundle> bundle;

    SdkBundleUpload(TemplateBucket bucket, Supplier<SdkBundle> bundle) {
        this.bucket = bucket;
        this.bundle = bundle;
    }

    /** @return the bundle this process's builds use */
    SdkBundle bundle() {
        return bundle.get();
    }

    /**
     * Uploads what of the bundle is missing.
     *
     * @return the number of objects uploaded
     */
    int ensure() {
        SdkBundle b = bundle.get();
        String manifestKey = b.prefix() + SdkBundle.MANIFEST;
        if (bucket.exists(manifestKey)) {
            LOG.debug("SDK bundle {} is in s3://{} already", b.prefix(), bucket.name());
            return 0;
        }
        int uploaded = 0;
        for (SdkBundle.Entry e : b.entries()) {
            String key = b.prefix() + e.name();
            if (bucket.exists(key)) {
                continue;   // an earlier upload stopped before the manifest
            }
            RequestBody body = e.file().map(RequestBody::fromFile).orElseGet(() -> RequestBody.fromBytes(e.bytes()));
            bucket.putChecked(key, body, e.sha256());
            uploaded++;
        }
        byte[] manifest = b.manifest();
        bucket.putChecked(manifestKey, RequestBody.fromBytes(manifest), SdkBundle.sha256(manifest));
        LOG.debug("Uploaded SDK bundle {} ({} of {} jars, {} bytes) to s3://{}", b.prefix(), uploaded, b.entries().size(),
                b.size(), bucket.name());
        return uploaded + 1;
    }
}
