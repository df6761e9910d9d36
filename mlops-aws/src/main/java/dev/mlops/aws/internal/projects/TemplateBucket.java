package dev.mlops.aws.internal.projects;

import dev.mlops.aws.AwsService;
import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.aws.internal.AwsClients;
import dev.mlops.aws.internal.AwsErrors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The account's SageMaker bucket, {@code sagemaker-<region>-<account>} (the one Studio and the SageMaker Python SDK
 * use): where the store keeps project stack templates, seed archives, stored templates and project journals. It is
 * made if missing, with SSE-S3 encryption, every public access blocked and a policy that refuses requests without
 * TLS; a bucket that exists is used as it is.
 */
public final class TemplateBucket {
    private static final Logger LOG = LoggerFactory.getLogger(TemplateBucket.class);

    private final AwsCalls calls;
    private volatile String name;
    private volatile boolean ensured;

    /**
     * Creates the bucket's handle; nothing is called yet.
     *
     * @param calls the backend's calls
     */
    public TemplateBucket(AwsCalls calls) {
        this.calls = calls;
    }

    private AwsClients clients() {
        return calls.clients();
    }

    /** @return {@code sagemaker-<region>-<account>} */
    public String name() {
        String n = name;
        if (n == null) {
            n = "sagemaker-" + clients().region().id() + "-" + clients().accountId();
            name = n;
        }
        return n;
    }

    /**
     * Makes the bucket with its protections unless it exists; once per backend.
     *
     * @return whether this call made it
     */
    public synchronized boolean ensure() {
        if (ensured) {
            return false;
        }
        String bucket = name();
        Map<String, String> ctx = Map.of("bucket", bucket);
        boolean exists = calls.call(AwsService.S3, "look for bucket " + bucket, ctx, () -> {
            try {
                clients().s3().headBucket(r -> r.bucket(bucket));
                return true;
            } catch (SdkException e) {
                if (AwsErrors.isNotFound(e) || (e instanceof AwsServiceException a && a.statusCode() == 404)) {
                    return false;
                }
                throw e;
            }
        });
        boolean made = false;
        if (!exists) {
            Region region = clients().region();
            calls.call(AwsService.S3, "create bucket " + bucket, ctx, () -> {
                try {
                    return clients().s3().createBucket(r -> {
                        r.bucket(bucket);
                        if (!Region.US_EAST_1.equals(region)) {
                            r.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region.id())));
                        }
                    });
                } catch (AwsServiceException e) {
                    if (e.awsErrorDetails() != null && "BucketAlreadyOwnedByYou".equals(e.awsErrorDetails().errorCode())) {
                        return null;   // made by a concurrent caller: protect it all the same
                    }
                    throw e;
                }
            });
            calls.call(AwsService.S3, "turn on default encryption of bucket " + bucket, ctx,
                    () -> clients().s3().putBucketEncryption(r -> r.bucket(bucket).serverSideEncryptionConfiguration(c -> c
                            .rules(rule -> rule.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256))))));
            calls.call(AwsService.S3, "block public access to bucket " + bucket, ctx,
                    () -> clients().s3().putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(c -> c
                            .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true))));
            calls.call(AwsService.S3, "refuse requests without TLS to bucket " + bucket, ctx,
                    () -> clients().s3().putBucketPolicy(r -> r.bucket(bucket).policy(tlsOnlyPolicy(clients().partition(), bucket))));
            LOG.debug("Made template bucket {} with encryption, public access blocked and a TLS-only policy", bucket);
            made = true;
        }
        ensured = true;
        return made;
    }

    /**
     * The bucket policy that denies every request made without TLS.
     *
     * @param partition the partition, e.g. {@code aws}
     * @param bucket the bucket
     * @return the policy document
     */
    static String tlsOnlyPolicy(String partition, String bucket) {
        String arn = "arn:" + partition + ":s3:::" + bucket;
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\","
                + "\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"" + arn + "\",\"" + arn + "/*\"],"
                + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
    }

    /**
     * Uploads an object with its SHA-256, which S3 checks on arrival: a body changed on the way is refused rather than
     * stored under a content-addressed key that no longer names it.
     *
     * @param key the key
     * @param body the content
     * @param sha256Hex the content's SHA-256, lowercase hex
     */
    public void putChecked(String key, RequestBody body, String sha256Hex) {
        String bucket = name();
        String checksum = java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(sha256Hex));
        calls.call(AwsService.S3, "upload s3://" + bucket + "/" + key, Map.of("bucket", bucket, "key", key),
                () -> clients().s3().putObject(r -> r.bucket(bucket).key(key).checksumSHA256(checksum), body));
    }

    /**
     * Uploads an object unless one is at the key already (for content-addressed keys).
     *
     * @param key the key
     * @param bytes the content
     * @return whether it was uploaded
     */
    public boolean putIfAbsent(String key, byte[] bytes) {
        // A head, not a read: the object may be binary (a seed archive), and its key names its content anyway.
        if (exists(key)) {
            return false;
        }
        put(key, bytes);
        return true;
    }

    /**
     * Uploads an object, replacing what is at the key.
     *
     * @param key the key
     * @param bytes the content
     */
    public void put(String key, byte[] bytes) {
        String bucket = name();
        calls.call(AwsService.S3, "upload s3://" + bucket + "/" + key, Map.of("bucket", bucket, "key", key),
                () -> clients().s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes)));
    }

    /**
     * Uploads an object only if none is at the key, atomically (S3 conditional write).
     *
     * @param key the key
     * @param bytes the content
     * @return false if an object was there
     */
    public boolean create(String key, byte[] bytes) {
        String bucket = name();
        return calls.call(AwsService.S3, "create s3://" + bucket + "/" + key, Map.of("bucket", bucket, "key", key), () -> {
            try {
                clients().s3().putObject(r -> r.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromBytes(bytes));
                return true;
            } catch (AwsServiceException e) {
                if (e.statusCode() == 412 || e.statusCode() == 409) {
                    return false;   // 412 PreconditionFailed: it exists; 409: a concurrent conditional write won
                }
                throw e;
            }
        });
    }

    /**
     * Reads an object.
     *
     * @param key the key
     * @return its text, or empty if there is none
     */
    public Optional<String> read(String key) {
        String bucket = name();
        return calls.call(AwsService.S3, "read s3://" + bucket + "/" + key, Map.of("bucket", bucket, "key", key), () -> {
            try {
                return Optional.of(clients().s3().getObjectAsBytes(r -> r.bucket(bucket).key(key))
                        .asString(StandardCharsets.UTF_8));
            } catch (SdkException e) {
                if (AwsErrors.isNotFound(e) || (e instanceof AwsServiceException a && a.statusCode() == 404)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /**
     * Whether an object exists.
     *
     * @param key the key
     * @return true if it does
     */
    public boolean exists(String key) {
        String bucket = name();
        return calls.call(AwsService.S3, "look for s3://" + bucket + "/" + key, Map.of("bucket", bucket, "key", key), () -> {
            try {
                clients().s3().headObject(r -> r.bucket(bucket).key(key));
                return true;
            } catch (SdkException e) {
                if (AwsErrors.isNotFound(e) || (e instanceof AwsServiceException a && a.statusCode() == 404)) {
                    return false;
                }
                throw e;
            }
        });
    }

    /**
     * Keys under a prefix, after a key, in key order.
     *
     * @param prefix the prefix
     * @param startAfter list keys after this one, or null
     * @param limit at most this many
     * @return the keys
     */
    public List<String> keys(String prefix, String startAfter, int limit) {
        String bucket = name();
        return calls.call(AwsService.S3, "list s3://" + bucket + "/" + prefix, Map.of("bucket", bucket, "prefix", prefix),
                () -> {
                    try {
                        return clients().s3().listObjectsV2(r -> r.bucket(bucket).prefix(prefix).startAfter(startAfter)
                                .maxKeys(limit)).contents().stream().map(o -> o.key()).toList();
                    } catch (SdkException e) {
                        if (AwsErrors.isNotFound(e)) {
                            return List.<String>of();   // no bucket: nothing was ever stored
                        }
                        throw e;
                    }
                });
    }

    /**
     * Deletes every object under a prefix.
     *
     * @param prefix the prefix
     * @return how many were deleted
     */
    public int deletePrefix(String prefix) {
        String bucket = name();
        int deleted = 0;
        while (true) {
            List<String> batch = keys(prefix, null, 1000);
            if (batch.isEmpty()) {
                return deleted;
            }
            List<ObjectIdentifier> ids = new ArrayList<>();
            batch.forEach(k -> ids.add(ObjectIdentifier.builder().key(k).build()));
            calls.call(AwsService.S3, "delete " + ids.size() + " objects under s3://" + bucket + "/" + prefix,
                    Map.of("bucket", bucket, "prefix", prefix),
                    () -> clients().s3().deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(ids).quiet(true))));
            deleted += ids.size();
        }
    }

    /**
     * The HTTPS URL SageMaker fetches an object from: {@code https://<bucket>.s3.<region>.<dns suffix>/<key>}.
     *
     * @param key the key
     * @return the URL
     */
    public String httpsUrl(String key) {
        Region region = clients().region();
        String suffix = region.metadata() == null ? "amazonaws.com" : region.metadata().partition().dnsSuffix();
        return "https://" + name() + ".s3." + region.id() + "." + suffix + "/" + key;
    }
}
