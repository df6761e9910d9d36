package dev.mlops.aws.internal.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The SDK's container image, the one SageMaker processing jobs run for the monitors (Model Monitor schedules,
 * Clarify jobs, the EventBridge Scheduler fallback): a JDK base, every runtime jar of {@code mlops-container} in
 * {@value #LIB_DIR}, the entry point {@code java -cp /opt/mlops/lib/* dev.mlops.container.MonitorContainer} and
 * {@code JAVA_TOOL_OPTIONS} sizing the heap from the container's memory. Built with Jib, without a Docker daemon.
 *
 * <p>Reproducible: the creation time and file times are fixed, so the image depends on its content only. The
 * {@link #tag() tag} is the SDK version and the first 12 hex digits of the {@link #contentDigest() content digest}
 * (base reference, jar names and bytes, entry point, environment), known before anything is built or pushed.
 *
 * <pre>{@code
 * SdkImage image = SdkImage.builder().build();                 // Corretto 17 base, jars from the class path
 * String uri = image.ensureInEcr(ecr, "mlops-sdk");            // 1234….dkr.ecr.eu-west-1.amazonaws.com/mlops-sdk:0.1.0-3f2a…
 * image.toTarball(Path.of("sdk-image.tar"), "mlops-sdk:dev");  // an OCI/Docker tarball, e.g. for docker load
 * }</pre>
 *
 * <p>Immutable; building and pushing may be called again.
 */
public final class SdkImage {
    /** The default base image: Amazon Corretto 17 on Amazon Linux 2023, headless, on ECR Public. */
    public static final String DEFAULT_BASE = "public.ecr.aws/amazoncorretto/amazoncorretto:17-al2023-headless";
    /** The ECR repository the SDK's templates use for the image unless told otherwise. */
    public static final String DEFAULT_REPOSITORY = "mlops-sdk";
    /** Where the jars go in the image. */
    public static final String LIB_DIR = "/opt/mlops/lib";
    /** The class the default entry point runs. */
    public static final String MAIN_CLASS = "dev.mlops.container.MonitorContainer";
    /** The JVM options of the image: heap from the container's memory limit, fail fast on out-of-memory. */
    public static final String JAVA_TOOL_OPTIONS = "-XX:+UseContainerSupport -XX:MaxRAMPercentage=75"
            + " -XX:+ExitOnOutOfMemoryError";
    private static final Logger LOG = LoggerFactory.getLogger(SdkImage.class);
    /** Jib's image times: fixed, so equal content makes an equal digest. */
    private static final Instant CREATED = Instant.EPOCH;

    private final String base;
    private final Path baseTarball;
    private final Map<String, Path> jars;
    private final String sdkVersion;
    private final Path cacheDirectory;
    private final boolean allowInsecureRegistries;
    private final String contentDigest;

    private SdkImage(Builder b, Map<String, Path> jars) {
        this.base = b.baseTarball != null ? "tarball:" + b.baseTarball.getFileName() : b.base;
        this.baseTarball = b.baseTarball;
        this.jars = jars;
        this.sdkVersion = b.sdkVersion != null ? b.sdkVersion : ContainerClasspath.sdkVersion();
        this.cacheDirectory = b.cacheDirectory;
        this.allowInsecureRegistries = b.allowInsecureRegistries;
        this.contentDigest = digest();
    }

    /**
     * Starts an image description: the default base, the jars found on this machine.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The base image: a registry reference, {@code tarball:<file name>} or {@code scratch}.
     *
     * @return the base
     */
    public String base() {
        return base;
    }

    /**
     * The jars of {@value #LIB_DIR}, by file name.
     *
     * @return file name to source file, in the image's order
     */
    public Map<String, Path> jars() {
        return jars;
    }

    /**
     * The entry point.
     *
     * @return {@code java -cp /opt/mlops/lib/* dev.mlops.container.MonitorContainer}
     */
    public List<String> entrypoint() {
        return List.of("java", "-cp", LIB_DIR + "/*", MAIN_CLASS);
    }

    /**
     * The environment the image sets.
     *
     * @return variable to value
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        env.put("MLOPS_SDK_VERSION", sdkVersion);
        return env;
    }

    /**
     * The SHA-256 of what the image is made of: base reference, each jar's name and bytes, entry point and
     * environment.
     *
     * @return {@code sha256:<64 hex digits>}
     */
    public String contentDigest() {
        return contentDigest;
    }

    /**
     * The image tag: SDK version and content digest, e.g. {@code 0.1.0-SNAPSHOT-3f2a9c1b7d4e}.
     *
     * @return the tag
     */
    public String tag() {
        return sdkVersion + "-" + contentDigest.substring("sha256:".length(), "sha256:".length() + 12);
    }

    /**
     * Builds the image into a tarball that {@code docker load} (and Jib, as a base) reads.
     *
     * @param file the tarball to write
     * @param reference the image name recorded in it, e.g. {@code mlops-sdk:dev}
     * @return the image's manifest digest
     * @throws ValidationException if the reference is not an image reference
     * @throws MlopsBackendException if the build fails (e.g. a registry base image cannot be pulled)
     */
    public String toTarball(Path file, String reference) {
        try {
            return containerize(Containerizer.to(TarImage.at(file).named(reference))).getDigest().toString();
        } catch (InvalidImageReferenceException e) {
            throw new ValidationException("SdkImage.reference", reference, "an image reference such as mlops-sdk:dev");
        }
    }

    /**
     * Pushes the image to a registry with the given credentials.
     *
     * @param reference the full reference, {@code registry/repository:tag}
     * @param username the registry user
     * @param password the registry password (never logged)
     * @return the pushed image's manifest digest
     */
    String push(String reference, String username, String password) {
        try {
            RegistryImage target = RegistryImage.named(reference).addCredential(username, password);
            return containerize(Containerizer.to(target)).getDigest().toString();
        } catch (InvalidImageReferenceException e) {
            throw new ValidationException("SdkImage.reference", reference, "an image reference");
        }
    }

    /**
     * Makes sure the image is in an ECR repository and returns its URI: the repository is created when missing
     * (tags immutable, scanned on push), the push skipped when {@link #tag()} is already there
     * ({@code DescribeImages}); the registry login comes from {@code GetAuthorizationToken}.
     *
     * @param ecr the ECR client of the account and region
     * @param repositoryName the repository, e.g. {@code mlops-sdk}
     * @return the image URI, {@code <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>}
     */
    public String ensureInEcr(EcrClient ecr, String repositoryName) {
        return new EcrPublisher(ecr, this::push).ensure(repositoryName, tag());
    }

    private JibContainer containerize(Containerizer to) {
        JibContainerBuilder image = builderFor();
        to.setToolName("mlops-sdk").setToolVersion(sdkVersion).setAllowInsecureRegistries(allowInsecureRegistries);
        if (cacheDirectory != null) {
            to.setBaseImageLayersCache(cacheDirectory.resolve("base")).setApplicationLayersCache(
                    cacheDirectory.resolve("application"));
        }
        try {
            JibContainer built = image.containerize(to);
            LOG.debug("Built SDK image {} ({} jars, base {}): {}", tag(), jars.size(), base, built.getDigest());
            return built;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlopsBackendException("Interrupted while building the SDK image", e);
        } catch (RegistryException | IOException | ExecutionException
                | com.google.cloud.tools.jib.api.CacheDirectoryCreationException e) {
            throw new MlopsBackendException("Cannot build the SDK image " + tag() + " on " + base + ": " + e.getMessage(),
                    e);
        }
    }

    private JibContainerBuilder builderFor() {
        JibContainerBuilder b;
        try {
            if (baseTarball != null) {
                b = Jib.from(TarImage.at(baseTarball));
            } else if (base.equals("scratch")) {
                b = Jib.fromScratch();
            } else {
                b = Jib.from(base);
            }
        } catch (InvalidImageReferenceException e) {
            throw new ValidationException("SdkImage.base", base, "an image reference such as " + DEFAULT_BASE);
        }
        // third-party jars change less often than the SDK's: their layer stays cached across SDK builds
        FileEntriesLayer.Builder libs = FileEntriesLayer.builder().setName("dependencies");
        FileEntriesLayer.Builder sdk = FileEntriesLayer.builder().setName("sdk");
        jars.forEach((name, source) -> (name.startsWith("mlops-") ? sdk : libs)
                .addEntry(source, AbsoluteUnixPath.get(LIB_DIR + "/" + name)));
        return b.setFileEntriesLayers(libs.build(), sdk.build())
                .setEntrypoint(entrypoint())
                .setProgramArguments(List.of())
                .setEnvironment(environment())
                .setWorkingDirectory(AbsoluteUnixPath.get("/opt/mlops"))
                .setCreationTime(CREATED)
                .setFormat(ImageFormat.Docker)
                .addLabel("dev.mlops.sdk.version", sdkVersion)
                .addLabel("dev.mlops.content-digest", contentDigest);
    }

    private String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("base=" + base + "\n").getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, Path> jar : new TreeMap<>(jars).entrySet()) {
                sha.update(("jar=" + jar.getKey() + ":" + fileDigest(jar.getValue()) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            sha.update(("entrypoint=" + entrypoint() + "\nenv=" + environment() + "\n").getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String fileDigest(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot read " + file + " for the SDK image: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "SdkImage[" + tag() + ", base " + base + ", " + jars.size() + " jars]";
    }

    /** Builds an {@link SdkImage}; every setting has a default. */
    public static final class Builder {
        private String base = DEFAULT_BASE;
        private Path baseTarball;
        private List<Path> classpath;
        private String sdkVersion;
        private Path cacheDirectory;
        private boolean allowInsecureRegistries;

        private Builder() {
        }

        /**
         * Sets the base image, a registry reference with a JDK 17+ {@code java} on the {@code PATH}.
         *
         * @param reference e.g. {@value SdkImage#DEFAULT_BASE} (the default)
         * @return this builder
         */
        public Builder base(String reference) {
            if (reference == null || reference.isBlank()) {
                throw new ValidationException("SdkImage.base", reference, "an image reference such as " + DEFAULT_BASE);
            }
            this.base = reference.strip();
            this.baseTarball = null;
            return this;
        }

        /**
         * Takes the base image from a tarball (as {@code docker save} or {@link SdkImage#toTarball} write it), so
         * nothing is pulled.
         *
         * @param tarball the file
         * @return this builder
         */
        public Builder baseTarball(Path tarball) {
            if (tarball == null || !Files.isRegularFile(tarball)) {
                throw new ValidationException("SdkImage.baseTarball", tarball, "an existing image tarball");
            }
            this.baseTarball = tarball;
            return this;
        }

        /**
         * Builds on an empty base: the image then has no JVM and does not run; for layer checks and for bases
         * assembled elsewhere.
         *
         * @return this builder
         */
        public Builder fromScratch() {
            this.base = "scratch";
            this.baseTarball = null;
            return this;
        }

        /**
         * Sets the jars instead of finding mlops-container's runtime jars on this machine.
         *
         * @param jarFiles the jar files; they keep their file names in {@value SdkImage#LIB_DIR}
         * @return this builder
         */
        public Builder classpath(List<Path> jarFiles) {
            if (jarFiles == null || jarFiles.isEmpty()) {
                throw new ValidationException("SdkImage.classpath", jarFiles, "at least one jar");
            }
            for (Path p : jarFiles) {
                if (p == null || !Files.isRegularFile(p) || !p.getFileName().toString().endsWith(".jar")) {
                    throw new ValidationException("SdkImage.classpath", p, "existing .jar files");
                }
            }
            this.classpath = List.copyOf(jarFiles);
            return this;
        }

        /**
         * Sets the version in the tag (default: the SDK version mlops-container was built with).
         *
         * @param version e.g. {@code 0.1.0}
         * @return this builder
         */
        public Builder sdkVersion(String version) {
            if (version == null || !version.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,100}")) {
                throw new ValidationException("SdkImage.sdkVersion", version, "letters, digits, '.', '_' and '-'"
                        + " (it goes into an image tag)");
            }
            this.sdkVersion = version;
            return this;
        }

        /**
         * Sets Jib's layer caches (default: Jib's, in the user's cache directory).
         *
         * @param dir the cache directory
         * @return this builder
         */
        public Builder cacheDirectory(Path dir) {
            if (dir == null) {
                throw new ValidationException("SdkImage.cacheDirectory", null, "a directory");
            }
            this.cacheDirectory = dir;
            return this;
        }

        /**
         * Allows plain-HTTP registries (a local test registry); never for ECR.
         *
         * @param allow true to allow
         * @return this builder
         */
        public Builder allowInsecureRegistries(boolean allow) {
            this.allowInsecureRegistries = allow;
            return this;
        }

        /**
         * Resolves the jars and fixes the content digest.
         *
         * @return the image description
         * @throws dev.mlops.exception.MlopsClientException if a runtime jar of mlops-container is found nowhere
         */
        public SdkImage build() {
            Map<String, Path> jars = new LinkedHashMap<>();
            if (classpath != null) {
                for (Path p : classpath) {
                    if (jars.put(p.getFileName().toString(), p) != null) {
                        throw new ValidationException("SdkImage.classpath", p, "jars with distinct file names");
                    }
                }
            } else {
                Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "mlops-sdk-image");
                jars.putAll(ContainerClasspath.resolve(scratch));
            }
            List<String> names = new ArrayList<>(jars.keySet());
            names.sort(null);
            Map<String, Path> sorted = new LinkedHashMap<>();
            names.forEach(n -> sorted.put(n, jars.get(n)));
            return new SdkImage(this, Collections.unmodifiableMap(sorted));
        }
    }
}
