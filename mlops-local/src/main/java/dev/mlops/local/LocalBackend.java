package dev.mlops.local;

import dev.mlops.exception.ValidationException;
import dev.mlops.local.internal.ImageSettings;
import dev.mlops.local.internal.LocalComponents;
import dev.mlops.local.internal.LocalContext;
import dev.mlops.monitor.capture.CaptureRetention;
import dev.mlops.spi.ArtifactStore;
import dev.mlops.spi.Backend;
import dev.mlops.spi.ConfigKey;
import dev.mlops.spi.EndpointHost;
import dev.mlops.spi.ImageBuilder;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.MonitorRunner;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.ProjectStore;
import dev.mlops.spi.SourceRepositories;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded local backend, the default: the whole workflow on one machine, with no cloud account. Git
 * repositories (JGit), the state (SQLite, shared safely by several processes), the orchestrator, the ML
 * pipeline executor (XGBoost), the model registry, content-addressed artifacts and HTTP endpoints on 127.0.0.1
 * all live under one home directory.
 *
 * <pre>{@code
 * Backend local = LocalBackend.builder().home(Path.of("/tmp/mlops")).endpointPort("abalone-prod", 8080).build();
 * }</pre>
 *
 * <p>The home is, in order: {@link Builder#home(Path)}, the system property {@code mlops.home}, the
 * environment variable {@code MLOPS_HOME}, or {@code ~/.mlops}.
 */
public final class LocalBackend implements Backend {
    /** The backend's name. */
    public static final String NAME = LocalContext.BACKEND;
    /** The identity recorded with decisions and commits, when none is set: {@code mlops.user}, else the OS user. */
    public static final ConfigKey<String> USER = ConfigKey.string("user", "the identity recorded with decisions");
    /** How often the engine looks for work by default. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(50);
    /** How long a leading process may be silent before another takes over, by default. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(3);

    private final Path home;
    private final LocalComponents components;

    private LocalBackend(Builder b) {
        this.home = b.home != null ? b.home : defaultHome();
        this.components = new LocalComponents(new LocalContext(home.toAbsolutePath(), b.user, b.pollInterval, b.lease, b.ports,
                b.clock, b.captureRetention), new ImageSettings(b.javaImageBase, b.docker, ImageSettings.DEFAULTS.dockerTimeout()));
    }

    /**
     * A local backend with default settings.
     *
     * @return the backend
     */
    public static LocalBackend create() {
        return builder().build();
    }

    /**
     * Starts a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The home directory used when none is given.
     *
     * @return {@code mlops.home}, {@code MLOPS_HOME} or {@code ~/.mlops}
     */
    public static Path defaultHome() {
        String prop = System.getProperty("mlops.home");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("MLOPS_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".mlops");
    }

    /**
     * The home directory.
     *
     * @return the directory holding the state and every project's files
     */
    public Path home() {
        return home;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<ProjectStore> projectStore() {
        return Optional.of(components.projects());
    }

    @Override
    public Optional<SourceRepositories> repositories() {
        return Optional.of(components.repositories());
    }

    @Override
    public Optional<Orchestrator> orchestrator() {
        return Optional.of(components.orchestrator());
    }

    @Override
    public Optional<ModelRegistry> registry() {
        return Optional.of(components.registry());
    }

    @Override
    public Optional<ArtifactStore> artifacts() {
        return Optional.of(components.artifacts());
    }

    @Override
    public Optional<EndpointHost> endpoints() {
        return Optional.of(components.endpoints());
    }

    @Override
    public Optional<MonitorRunner> monitors() {
        return Optional.of(components.monitors());
    }

    /**
     * The image builder of the image-building template: Java images (an {@code image.properties}) built with Jib
     * to an OCI tarball in the project's folder, offline; Dockerfiles built by a local Docker engine where one runs.
     * An image is versioned by the digest of its build context.
     *
     * @return the builder
     */
    @Override
    public Optional<ImageBuilder> images() {
        return Optional.of(components.images());
    }

    @Override
    public void close() {
        components.close();
    }

    @Override
    public String toString() {
        return "LocalBackend{home=" + home + "}";
    }

    /** Builds a {@link LocalBackend}. */
    public static final class Builder {
        private Path home;
        private String user = System.getProperty("mlops.user", System.getProperty("user.name", "unknown"));
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration lease = DEFAULT_LEASE;
        private final Map<String, Integer> ports = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private CaptureRetention captureRetention = CaptureRetention.defaults();
        private String javaImageBase = ImageSettings.DEFAULTS.javaBase();
        private String docker = ImageSettings.DEFAULTS.docker();

        private Builder() {
        }

        /**
         * Sets the base of Java images whose {@code image.properties} names none (default {@code scratch}: the
         * image's layers and entry point with no JRE, built offline). Give {@code tar:<file>} for a JRE image
         * tarball on disk in the format {@code docker save} writes (offline too, e.g. {@code docker save
         * eclipse-temurin:17-jre}), or a
         * registry reference such as {@code eclipse-temurin:17-jre} (pulled once, then cached in the home).
         *
         * @param base {@code scratch}, {@code tar:<file>} or an image reference
         * @return this builder
         */
        public Builder javaImageBase(String base) {
            if (base == null || base.isBlank()) {
                throw new ValidationException("LocalBackend.javaImageBase", base,
                        "scratch, tar:<file> or an image reference such as eclipse-temurin:17-jre");
            }
            this.javaImageBase = base.strip();
            return this;
        }

        /**
         * Sets the Docker CLI that builds Dockerfiles (default {@code docker}, looked up on {@code PATH}). Without
         * one, or with its daemon down, a Dockerfile build fails naming what is missing.
         *
         * @param command a command name on {@code PATH}, or a path
         * @return this builder
         */
        public Builder dockerCommand(String command) {
            if (command == null || command.isBlank()) {
                throw new ValidationException("LocalBackend.dockerCommand", command, "a command name or a path, e.g. docker");
            }
            this.docker = command.strip();
            return this;
        }

        /**
         * Sets how long and how much of each endpoint's captured inferences are kept (default 7 days and 1 GiB per
         * endpoint, {@link CaptureRetention#defaults()}); an endpoint's deploy configuration may set its own with
         * {@code DataCaptureRetentionHours} and {@code DataCaptureMaxBytes}. The leader deletes whole capture
         * files, oldest first, never one still being written.
         *
         * @param maxAge how long captures are kept, at least one hour
         * @param maxBytesPerEndpoint the most one endpoint's captures may take, at least 1 byte
         * @return this builder
         */
        public Builder captureRetention(Duration maxAge, long maxBytesPerEndpoint) {
            this.captureRetention = CaptureRetention.of(maxAge, maxBytesPerEndpoint);
            return this;
        }

        /**
         * Sets the clock that data capture stamps records with and monitoring schedules fall due by (default the
         * system clock in UTC); a test or a simulation sets its own to move time without waiting.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            if (clock == null) {
                throw new ValidationException("LocalBackend.clock", null, "a clock");
            }
            this.clock = clock;
            return this;
        }

        /**
         * Sets the home directory.
         *
         * @param home the directory; created if absent
         * @return this builder
         */
        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        /**
         * Sets the identity that approvals, rejections and commits made through this backend are recorded under (and
         * that gates with approvers check).
         *
         * @param user the user's name
         * @return this builder
         */
        public Builder user(String user) {
            if (user == null || user.isBlank()) {
                throw new ValidationException("LocalBackend.user", user, "a non-blank user name");
            }
            this.user = user;
            return this;
        }

        /**
         * Sets how often the engine looks for work.
         *
         * @param interval between 1 ms and 10 s
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            if (interval.toMillis() < 1 || interval.toMillis() > 10_000) {
                throw new ValidationException("LocalBackend.pollInterval", interval, "between 1 ms and 10 s");
            }
            this.pollInterval = interval;
            return this;
        }

        /**
         * Sets how long a leading process may be silent before another takes over.
         *
         * @param lease between 500 ms and 10 min
         * @return this builder
         */
        public Builder lease(Duration lease) {
            if (lease.toMillis() < 500 || lease.toMinutes() > 10) {
                throw new ValidationException("LocalBackend.lease", lease, "between 500 ms and 10 minutes");
            }
            this.lease = lease;
            return this;
        }

        /**
         * Pins an endpoint to a port on 127.0.0.1 (otherwise the deploy configuration's {@code Port}, the port used
         * before, or a free one).
         *
         * @param endpointName e.g. {@code abalone-prod}
         * @param port 1..65535
         * @return this builder
         */
        public Builder endpointPort(String endpointName, int port) {
            if (port < 1 || port > 65535) {
                throw new ValidationException("LocalBackend.endpointPort", port, "1..65535");
            }
            ports.put(endpointName, port);
            return this;
        }

        /**
         * Builds the backend, opening (or creating) its state store.
         *
         * @return the backend
         */
        public LocalBackend build() {
            return new LocalBackend(this);
        }
    }
}
