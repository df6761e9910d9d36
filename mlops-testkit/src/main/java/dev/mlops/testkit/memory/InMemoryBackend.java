package dev.mlops.testkit.memory;

import dev.mlops.exception.ValidationException;
import dev.mlops.spi.ArtifactStore;
import dev.mlops.spi.Backend;
import dev.mlops.spi.Components;
import dev.mlops.spi.EndpointHost;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.MonitorRunner;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.ProjectStore;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.spi.Ticker;
import dev.mlops.spi.WaitPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A backend that behaves like a remote one, in memory: every component call takes a {@link Builder#latency latency}
 * of ticker time, a write reaches readers only after a {@link Builder#readLag read lag}, waits back off with jitter
 * ({@link WaitPolicy#backoff}: first pause about 1 s, doubling up to about 10 s), and progress is seen only by
 * polling: pipeline stages take a {@link Builder#stageDuration stage duration} of ticker time and are computed
 * lazily on the next call, with no background threads. With a {@link dev.mlops.testkit.FakeTicker} a test of a
 * one-minute wait runs at once, and {@link #calls()} tells how many calls it made.
 *
 * <pre>{@code
 * FakeTicker time = new FakeTicker();
 * InMemoryBackend memory = InMemoryBackend.builder().ticker(time).latency(Duration.ofMillis(50)).build();
 * try (Project p = MlopsProjects.builder().name("abalone").backend(memory).create()) {
 *     p.pipelines().build().awaitLatest(Duration.ofMinutes(5));      // minutes of fake time, instantly
 *     System.out.println(memory.calls());                               // {orchestrator.executions=…, …}
 * }
 * }</pre>
 *
 * <p>It has every component: a project store, hosted repositories, an orchestrator, a model registry, an artifact
 * store, an endpoint host and a monitor runner (with no schedules); see each class for what it does and does not.
 * Components can be composed with another backend's (e.g. its {@link #registry()} with the embedded backend); the
 * composition refuses, at create time, what cannot work. What a component cannot do throws
 * {@link dev.mlops.exception.UnsupportedByBackendException} naming the alternative. Its name is {@value #NAME}.
 */
public final class InMemoryBackend implements Backend {
    /** The backend's name. */
    public static final String NAME = MemoryState.BACKEND;

    private final MemoryState state;
    private final WaitPolicy policy;
    private final InMemoryProjectStore projects;
    private final InMemorySourceRepositories repositories;
    private final InMemoryModelRegistry registry;
    private final InMemoryArtifactStore artifacts;
    private final InMemoryEndpointHost endpoints;
    private final InMemoryMonitorRunner monitors;
    private final InMemoryOrchestrator orchestrator;
    private volatile Components components;

    private InMemoryBackend(Builder b) {
        this.state = new MemoryState(b.ticker, b.latency, b.readLag, b.identity);
        this.policy = WaitPolicy.backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, b.ticker);
        InMemoryOrchestrator[] orch = new InMemoryOrchestrator[1];
        this.projects = new InMemoryProjectStore(state, policy, record -> orch[0].forget(record));
        this.repositories = new InMemorySourceRepositories(state, policy);
        this.registry = new InMemoryModelRegistry(state, policy, b.approvalEvents);
        this.artifacts = new InMemoryArtifactStore(state, policy);
        this.endpoints = new InMemoryEndpointHost(state, policy);
        this.monitors = new InMemoryMonitorRunner(state, policy);
        this.orchestrator = new InMemoryOrchestrator(state, policy, b.stageDuration, b.logChunk, this::components,
                projects, repositories, registry, artifacts, endpoints);
        orch[0] = orchestrator;
        state.advancer(orchestrator::advanceAll);
    }

    /**
     * An in-memory backend with the defaults: no latency, no read lag, the system ticker, stages of one second.
     *
     * @return the backend
     */
    public static InMemoryBackend create() {
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

    private Components components() {
        Components c = components;
        if (c == null) {
            c = Components.builder().fillFrom(this).build();
            components = c;
        }
        return c;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<ProjectStore> projectStore() {
        return Optional.of(projects);
    }

    @Override
    public Optional<SourceRepositories> repositories() {
        return Optional.of(repositories);
    }

    @Override
    public Optional<Orchestrator> orchestrator() {
        return Optional.of(orchestrator);
    }

    @Override
    public Optional<ModelRegistry> registry() {
        return Optional.of(registry);
    }

    @Override
    public Optional<ArtifactStore> artifacts() {
        return Optional.of(artifacts);
    }

    @Override
    public Optional<EndpointHost> endpoints() {
        return Optional.of(endpoints);
    }

    @Override
    public Optional<MonitorRunner> monitors() {
        return Optional.of(monitors);
    }

    /**
     * The orchestrator with its test hooks ({@link InMemoryOrchestrator#failStage}).
     *
     * @return the orchestrator
     */
    public InMemoryOrchestrator memoryOrchestrator() {
        return orchestrator;
    }

    /**
     * The wait policy every component of this backend reports: backoff with jitter on the backend's ticker.
     *
     * @return the policy
     */
    public WaitPolicy waitPolicy() {
        return policy;
    }

    /**
     * The ticker the backend's latency, read lag, stages and waits run on.
     *
     * @return the ticker
     */
    public Ticker ticker() {
        return state.ticker;
    }

    /**
     * How many calls each component operation has had since the backend was made or {@link #resetCalls()}, e.g.
     * {@code orchestrator.execution → 7}. Operations are named {@code <component>.<method>} with the components
     * {@code projects}, {@code repositories}, {@code orchestrator}, {@code registry}, {@code artifacts},
     * {@code endpoints} and {@code monitors}. Calls the components make to each other inside the backend are not
     * counted (a remote service's internal calls are not the client's).
     *
     * @return a snapshot, sorted by operation
     */
    public Map<String, Long> calls() {
        return state.calls();
    }

    /**
     * The sum of {@link #calls()}.
     *
     * @return the number of calls
     */
    public long totalCalls() {
        return state.calls().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Sets every call count back to zero. */
    public void resetCalls() {
        state.resetCalls();
    }

    /**
     * Releases the files fetched from the artifact store; later calls are refused.
     */
    @Override
    public void close() {
        artifacts.close();
        state.close();
    }

    @Override
    public String toString() {
        return "InMemoryBackend{latency=" + state.latency + ", readLag=" + Duration.ofNanos(state.lagNanos)
                + ", identity=" + state.identity + "}";
    }

    /** Builds an {@link InMemoryBackend}. */
    public static final class Builder {
        private Duration latency = Duration.ZERO;
        private Duration readLag = Duration.ZERO;
        private Ticker ticker = Ticker.system();
        private boolean approvalEvents = true;
        private String identity = "memory-user";
        private Duration stageDuration = Duration.ofSeconds(1);
        private int logChunk = 64;

        private Builder() {
        }

        /**
         * Sets how long every component call sleeps on the ticker before it answers (default none).
         *
         * @param latency zero or more
         * @return this builder
         */
        public Builder latency(Duration latency) {
            this.latency = notNegative("InMemoryBackend.latency", latency);
            return this;
        }

        /**
         * Sets how long after a write readers see it (default none): a read within the lag sees the state before the
         * write, as an eventually consistent service serves it. Writes always see the latest state.
         *
         * @param readLag zero or more
         * @return this builder
         */
        public Builder readLag(Duration readLag) {
            this.readLag = notNegative("InMemoryBackend.readLag", readLag);
            return this;
        }

        /**
         * Sets the ticker that latency, read lag, stages and waits run on (default {@link Ticker#system()}); pass a
         * {@link dev.mlops.testkit.FakeTicker} to run long waits at once.
         *
         * @param ticker the ticker
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            if (ticker == null) {
                throw new ValidationException("InMemoryBackend.ticker", null, "a ticker, e.g. new FakeTicker()");
            }
            this.ticker = ticker;
            return this;
        }

        /**
         * Sets whether the registry offers its events ({@code registry.approval-events}), the route by which an
         * orchestrator of another backend learns of approvals (default {@code true}).
         *
         * @param offered whether it offers them
         * @return this builder
         */
        public Builder approvalEvents(boolean offered) {
            this.approvalEvents = offered;
            return this;
        }

        /**
         * Sets who decisions (approvals, gates) and commits are recorded as (default {@code memory-user}); gates with
         * approvers check it.
         *
         * @param identity the user's name
         * @return this builder
         */
        public Builder identity(String identity) {
            if (identity == null || identity.isBlank()) {
                throw new ValidationException("InMemoryBackend.identity", identity, "a non-blank user name");
            }
            this.identity = identity;
            return this;
        }

        /**
         * Sets how much ticker time each pipeline stage takes (default 1 s); a manual approval stage takes until it
         * is decided.
         *
         * @param duration at least 1 ms
         * @return this builder
         */
        public Builder stageDuration(Duration duration) {
            if (duration == null || duration.toMillis() < 1) {
                throw new ValidationException("InMemoryBackend.stageDuration", duration, "at least 1 ms");
            }
            this.stageDuration = duration;
            return this;
        }

        /**
         * Sets the longest piece of a stage log one read returns (default 64 characters), so readers page through it.
         *
         * @param characters 1 to 1,000,000
         * @return this builder
         */
        public Builder logChunkSize(int characters) {
            if (characters < 1 || characters > 1_000_000) {
                throw new ValidationException("InMemoryBackend.logChunkSize", characters, "1 to 1,000,000");
            }
            this.logChunk = characters;
            return this;
        }

        /**
         * Builds the backend.
         *
         * @return the backend
         */
        public InMemoryBackend build() {
            return new InMemoryBackend(this);
        }

        private static Duration notNegative(String field, Duration d) {
            if (d == null || d.isNegative()) {
                throw new ValidationException(field, d, "a duration of zero or more");
            }
            return d;
        }
    }
}
