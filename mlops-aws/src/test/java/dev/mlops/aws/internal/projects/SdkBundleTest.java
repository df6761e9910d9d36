package dev.mlops.aws.internal.projects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mlops.aws.AwsService;
import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.aws.internal.AwsClients;
import dev.mlops.aws.internal.RateLimits;
import dev.mlops.aws.internal.bundle.SdkBundle;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The SDK bundle: found from the running class path, uploaded content-addressed into the template bucket (nothing
 * twice), and checked by the build specs' own install commands (run here with bash and the AWS CLI against moto)
 * before any main runs: a missing jar, a changed jar, an extra jar or a manifest that is not the one the project
 * names each stop the build.
 */
@ExtendWith(MotoServer.class)
class SdkBundleTest {
    private static final String BUCKET = "sagemaker-us-east-1-" + AwsTestClients.MOTO_ACCOUNT_ID;

    private final ValidatingInterceptor interceptor = new ValidatingInterceptor();
    private final List<software.amazon.awssdk.services.s3.model.PutObjectRequest> sent =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final software.amazon.awssdk.core.interceptor.ExecutionInterceptor puts =
            new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                @Override
                public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                        software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                    if (context.request() instanceof software.amazon.awssdk.services.s3.model.PutObjectRequest p) {
                        sent.add(p);
                    }
                }
            };
    private MotoServer moto;
    private AwsClients clients;
    private TemplateBucket bucket;
    private S3Client s3;
    @TempDir
    Path dir;

    @BeforeEach
    void start(MotoServer moto) {
        this.moto = moto;
        Map<AwsService, URI> overrides = new EnumMap<>(AwsService.class);
        for (AwsService s : AwsService.values()) {
            overrides.put(s, moto.endpoint());
        }
        clients = new AwsClients(Region.US_EAST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create(
                AwsTestClients.ACCESS_KEY_ID, AwsTestClients.SECRET_ACCESS_KEY)), UrlConnectionHttpClient.create(), true,
                overrides, AwsRetryStrategy.doNotRetry(), List.of(interceptor, puts, new dev.mlops.aws.projects.MotoBucketPolicies(
                        moto.endpoint())), new RateLimits(Map.of()));
        bucket = new TemplateBucket(new AwsCalls(clients, Duration.ofMinutes(1)));
        bucket.ensure();
        s3 = AwsTestClients.configure(S3Client.builder(), moto.endpoint(), null).build();
        interceptor.clear();
    }

    @AfterEach
    void stop() {
        interceptor.assertNoViolations();
        s3.close();
        clients.close();
    }

    /** A small bundle of real jars of the class path. */
    private static SdkBundle small() throws Exception {
        Map<String, Path> jars = new LinkedHashMap<>();
        for (Class<?> c : List.of(org.slf4j.Logger.class, org.reactivestreams.Publisher.class,
                com.fasterxml.jackson.annotation.JsonProperty.class)) {
            Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            jars.put(p.getFileName().toString(), p);
        }
        return SdkBundle.ofJars(jars);
    }

    @Test
    void theCurrentBundle_holdsTheSdksRuntimeJars_andNothingOfTheTests() {
        SdkBundle b = SdkBundle.current();
        List<String> names = b.entries().stream().map(SdkBundle.Entry::name).toList();
        assertThat(names).anyMatch(n -> n.startsWith("mlops-core-")).anyMatch(n -> n.startsWith("mlops-aws-"))
                .contains("sagemaker-2.40.2.jar", "s3-2.40.2.jar", "jackson-databind-2.23.0.jar", "slf4j-api-2.0.20.jar")
                // the build's mains are an application: the bundle binds SLF4J's simple provider (SdkBundleLoggingTest)
                .contains("slf4j-simple-2.0.20.jar")
                .noneMatch(n -> n.contains("junit") || n.contains("wiremock") || n.contains("assertj")
                        || n.contains("mlops-testkit") || n.contains("mlops-local"));
        assertThat(names).isSorted();
        String manifest = new String(b.manifest(), StandardCharsets.UTF_8);
        assertThat(manifest.lines()).hasSize(names.size()).allMatch(l -> l.matches("[0-9a-f]{64}  [A-Za-z0-9._+-]+\\.jar"));
        assertThat(b.digest()).isEqualTo(SdkBundle.sha256(b.manifest())).matches("[0-9a-f]{64}");
        assertThat(b.prefix()).isEqualTo("mlops-sdk/" + b.digest() + "/");
        // The same class path gives the same bundle: directories are jarred with fixed time stamps.
        assertThat(SdkBundle.current().digest()).isEqualTo(b.digest());
    }

    @Test
    void aBundleIsUploadedOnce_withItsManifestLast_andAnInterruptedUploadResumes() throws Exception {
        SdkBundle b = small();
        SdkBundleUpload upload = new SdkBundleUpload(bucket, () -> b);

        assertThat(upload.ensure()).isEqualTo(b.entries().size() + 1);
        assertThat(interceptor.calls("S3.PutObject")).isEqualTo(b.entries().size() + 1);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(b.prefix() + "SHA256SUMS")).asByteArray())
                .isEqualTo(b.manifest());
        for (SdkBundle.Entry e : b.entries()) {
            byte[] stored = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(b.prefix() + e.name())).asByteArray();
            assertThat(SdkBundle.sha256(stored)).isEqualTo(e.sha256());
        }

        interceptor.clear();
        assertThat(upload.ensure()).isZero();
        assertThat(interceptor.calls("S3.PutObject")).isZero();
        assertThat(interceptor.calls("S3.HeadObject")).isEqualTo(1);

        // An upload that stopped before its manifest: only what is missing goes up.
        s3.deleteObject(r -> r.bucket(BUCKET).key(b.prefix() + "SHA256SUMS"));
        s3.deleteObject(r -> r.bucket(BUCKET).key(b.prefix() + b.entries().get(0).name()));
        interceptor.clear();
        assertThat(upload.ensure()).isEqualTo(2);
        assertThat(interceptor.calls("S3.PutObject")).isEqualTo(2);
    }

    @Test
    void everyUpload_carriesItsSha256_whichS3ChecksOnArrival() throws Exception {
        SdkBundle b = small();
        new SdkBundleUpload(bucket, () -> b).ensure();

        Map<String, String> expected = new LinkedHashMap<>();
        for (SdkBundle.Entry e : b.entries()) {
            expected.put(b.prefix() + e.name(), e.sha256());
        }
        expected.put(b.prefix() + "SHA256SUMS", SdkBundle.sha256(b.manifest()));
        Map<String, String> carried = new LinkedHashMap<>();
        for (var p : sent) {
            carried.put(p.key(), java.util.HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(p.checksumSHA256())));
        }
        // S3 answers BadDigest to a body whose SHA-256 is not the one sent (moto does not check it).
        assertThat(carried).isEqualTo(expected);
        // The manifest goes last: a bundle whose manifest is there is complete.
        assertThat(sent.get(sent.size() - 1).key()).isEqualTo(b.prefix() + "SHA256SUMS");
    }

    // ------------------------------------------------------------------ the build specs' install phase

    private static List<String> installCommands(String seed) throws Exception {
        try (InputStream in = SdkBundleTest.class.getClassLoader().getResourceAsStream("dev/mlops/seed/" + seed)) {
            JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(in);
            List<String> out = new ArrayList<>();
            spec.at("/phases/install/commands").forEach(c -> out.add(c.asText()));
            return out;
        }
    }

    /** Runs the install commands as CodeBuild does (one bash, stop at the first failure); returns exit code + output. */
    private Map.Entry<Integer, String> install(String seed, SdkBundle b, String digest) throws Exception {
        String script = "set -e\n" + String.join("\n", installCommands(seed)) + "\n";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("MLOPS_SDK_DIR", dir.resolve("sdk").toString());
        env.put("MLOPS_SDK_BUNDLE", "s3://" + BUCKET + "/" + b.prefix());
        env.put("MLOPS_SDK_DIGEST", digest);
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", AwsTestClients.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", AwsTestClients.SECRET_ACCESS_KEY);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return Map.entry(p.exitValue(), out);
    }

    @Test
    void theBuildSpecsInstallPhase_fetchesAndVerifiesTheBundle() throws Exception {
        SdkBundle b = small();
        new SdkBundleUpload(bucket, () -> b).ensure();
        for (String seed : List.of("modelbuild/codebuild-buildspec.yml", "modeldeploy/buildspec.yml",
                "modeldeploy/test/buildspec.yml", "modelmonitor/buildspec.yml")) {
            var r = install(seed, b, b.digest());
            assertThat(r.getKey()).as(seed + ":\n" + r.getValue()).isZero();
            for (SdkBundle.Entry e : b.entries()) {
                assertThat(SdkBundle.sha256(Files.readAllBytes(dir.resolve("sdk").resolve(e.name())))).isEqualTo(e.sha256());
            }
        }
    }

    @Test
    void aMissingJar_aChangedJar_anExtraJar_orAnotherManifest_stopTheBuildBeforeAnyMainRuns() throws Exception {
        SdkBundle b = small();
        String seed = "modelbuild/codebuild-buildspec.yml";
        new SdkBundleUpload(bucket, () -> b).ensure();
        String victim = b.prefix() + b.entries().get(1).name();

        // A manifest that is not the one the project names.
        var other = install(seed, b, SdkBundle.sha256("another bundle".getBytes(StandardCharsets.UTF_8)));
        assertThat(other.getKey()).isNotZero();
        assertThat(other.getValue()).contains("SHA256SUMS: FAILED");

        // A jar changed in the bucket.
        byte[] original = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(victim)).asByteArray();
        s3.putObject(r -> r.bucket(BUCKET).key(victim), RequestBody.fromString("not the jar"));
        cleanSdkDir();
        var changed = install(seed, b, b.digest());
        assertThat(changed.getKey()).isNotZero();
        assertThat(changed.getValue()).contains(b.entries().get(1).name() + ": FAILED");

        // A jar missing from the bucket.
        s3.deleteObject(r -> r.bucket(BUCKET).key(victim));
        cleanSdkDir();
        var missing = install(seed, b, b.digest());
        assertThat(missing.getKey()).isNotZero();
        assertThat(missing.getValue()).contains(b.entries().get(1).name());

        // An extra jar slipped under the prefix would join the class path: refused too.
        s3.putObject(r -> r.bucket(BUCKET).key(victim), RequestBody.fromBytes(original));
        s3.putObject(r -> r.bucket(BUCKET).key(b.prefix() + "evil-1.0.jar"), RequestBody.fromString("PK"));
        cleanSdkDir();
        var extra = install(seed, b, b.digest());
        assertThat(extra.getKey()).as(extra.getValue()).isNotZero();
    }

    private void cleanSdkDir() throws Exception {
        Path sdk = dir.resolve("sdk");
        if (Files.isDirectory(sdk)) {
            try (var files = Files.list(sdk)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
