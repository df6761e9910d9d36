package dev.mlops.aws.internal;

import dev.mlops.aws.AwsService;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.ArtifactRef;
import dev.mlops.spi.ArtifactStore;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.WaitPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Artifacts in the project's artifact bucket ({@code sagemaker-project-<id>}, made by the project's stack), stored by
 * content: {@code s3://<bucket>/artifacts/sha256/<digest>/<file name>}. Storing the same content twice makes one
 * object; a fetched file is checked against the digest in its key before it is used.
 */
public final class S3Artifacts extends AwsComponent implements ArtifactStore {
    private static final Pattern S3_URI = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(.+)");
    private static final Pattern DIGEST_KEY = Pattern.compile("artifacts/sha256/([0-9a-f]{64})/([^/]+)");

    private final Path cache;

    /**
     * Creates the store.
     *
     * @param calls the backend's calls
     * @param waits its wait policy
     * @param cache where fetched artifacts are kept
     */
    public S3Artifacts(AwsCalls calls, WaitPolicy waits, Path cache) {
        super(calls, waits);
        this.cache = cache;
    }

    /**
     * The bucket of a project's artifacts, as the originals name it.
     *
     * @param project the project
     * @return {@code sagemaker-project-<id>}
     */
    public static String bucket(ProjectRecord project) {
        return "sagemaker-project-" + project.id();
    }

    @Override
    public ArtifactRef put(ProjectRecord project, Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new ValidationException("artifact file", file, "an existing regular file");
        }
        String digest = sha256(file);
        long size = size(file);
        String bucket = bucket(project);
        String key = "artifacts/sha256/" + digest + "/" + file.getFileName();
        Map<String, String> ctx = Map.of("project", project.name(), "bucket", bucket, "key", key);
        boolean present = calls.call(AwsService.S3, "look for artifact s3://" + bucket + "/" + key, ctx, () -> {
            try {
                clients().s3().headObject(r -> r.bucket(bucket).key(key));
                return true;
            } catch (SdkException e) {
                if (AwsErrors.isNotFound(e) || (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a
                        && a.statusCode() == 404)) {
                    return false;
                }
                throw e;
            }
        });
        if (!present) {
            calls.call(AwsService.S3, "upload artifact " + file.getFileName() + " to s3://" + bucket, ctx,
                    () -> clients().s3().putObject(r -> r.bucket(bucket).key(key).metadata(Map.of("sha256", digest)),
                            RequestBody.fromFile(file)));
        }
        return new ArtifactRef("s3://" + bucket + "/" + key, digest, size);
    }

    @Override
    public Path fetch(String uri) {
        Matcher m = uri == null ? null : S3_URI.matcher(uri);
        if (m == null || !m.matches()) {
            throw new ValidationException("artifact uri", uri, "an s3://<bucket>/<key> URI of this store");
        }
        String bucket = m.group(1);
        String key = m.group(2);
        Matcher d = DIGEST_KEY.matcher(key);
        String expected = d.matches() ? d.group(1) : null;
        String name = key.substring(key.lastIndexOf('/') + 1);
        Path target = cache.resolve(bucket).resolve(Integer.toHexString(key.hashCode())).resolve(name).normalize();
        if (!target.startsWith(cache)) {
            throw new ValidationException("artifact uri", uri, "a key that stays inside the cache");
        }
        if (expected != null && Files.isRegularFile(target) && expected.equals(sha256(target))) {
            return target;
        }
        try {
            Files.createDirectories(target.getParent());
            Path part = Files.createTempFile(target.getParent(), name, ".part");
            try {
                calls.call(AwsService.S3, "download " + uri, Map.of("uri", uri), () -> {
                    try (InputStream in = clients().s3().getObject(r -> r.bucket(bucket).key(key))) {
                        Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                        return null;
                    } catch (NoSuchKeyException e) {
                        throw new NotFoundException("artifact", uri, "it is not in bucket " + bucket);
                    } catch (IOException e) {
                        throw new MlopsBackendException("Could not download " + uri + ": " + e.getMessage(), e,
                                Map.of("uri", uri), true);
                    }
                });
                if (expected != null && !expected.equals(sha256(part))) {
                    throw new MlopsBackendException("Artifact " + uri + " does not match its digest: it was changed"
                            + " in S3 after it was stored", null, Map.of("uri", uri), false);
                }
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw new MlopsBackendException("Could not keep " + uri + " under " + cache + ": " + e.getMessage(), e,
                    Map.of("uri", uri), false);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new MlopsBackendException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new MlopsBackendException("Could not read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
