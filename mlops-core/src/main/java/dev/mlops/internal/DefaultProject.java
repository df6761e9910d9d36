package dev.mlops.internal;

import dev.mlops.Endpoint;
import dev.mlops.Environment;
import dev.mlops.Environments;
import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.Gates;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.Models;
import dev.mlops.Monitors;
import dev.mlops.GroundTruth;
import dev.mlops.Pipeline;
import dev.mlops.Pipelines;
import dev.mlops.Project;
import dev.mlops.Repositories;
import dev.mlops.Repository;
import dev.mlops.StageExecution;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectListener;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.MonitoringExecution;
import dev.mlops.monitor.MonitoringSchedule;
import dev.mlops.monitor.capture.CaptureData;
import dev.mlops.monitor.capture.GroundTruthRecord;
import dev.mlops.spi.ApprovalInfo;
import dev.mlops.spi.Backend;
import dev.mlops.spi.EndpointInfo;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RepositoryInfo;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link Project} handle, the same on every backend: it turns the public calls into calls on the backend's
 * SPI components.
 */
public final class DefaultProject implements Project {
    private final Backend backend;
    private final boolean ownsBackend;
    private final ProjectRecord record;
    private final String user;
    private final List<ProjectListener> listeners = new CopyOnWriteArrayList<>();
    private final AutoCloseable attachment;
    private volatile boolean closed;

    /**
     * Opens a handle and starts this process's part in running the project.
     *
     * @param backend the backend
     * @param ownsBackend whether closing the project closes the backend
     * @param record the project
     * @param user the user recorded with decisions
     * @param initial listeners to add before any event is delivered
     */
    public DefaultProject(Backend backend, boolean ownsBackend, ProjectRecord record, String user, List<ProjectListener> initial) {
        this.backend = backend;
        this.ownsBackend = ownsBackend;
        this.record = record;
        this.user = user;
        this.listeners.addAll(initial);
        this.attachment = backend.projects().attach(record, e -> listeners.forEach(l -> l.onEvent(e)));
    }

    @Override
    public String name() {
        return record.name();
    }

    @Override
    public String id() {
        return record.id();
    }

    @Override
    public Template template() {
        return record.template();
    }

    @Override
    public Map<String, String> tags() {
        return record.tags();
    }

    @Override
    public String backend() {
        return backend.name();
    }

    /**
     * The stored project.
     *
     * @return the record
     */
    public ProjectRecord record() {
        return record;
    }

    @Override
    public Repositories repositories() {
        return new Repositories() {
            @Override
            public Repository named(String role) {
                return all().stream().filter(r -> r.role().equals(role)).findFirst()
                        .orElseThrow(() -> new NotFoundException("repository", role, "project " + name() + " has "
                                + all().stream().map(Repository::role).toList()));
            }

            @Override
            public List<Repository> all() {
                List<Repository> out = new ArrayList<>();
                for (RepositoryInfo info : backend.repositories().list(record)) {
                    out.add(new RepositoryHandle(info.role()));
                }
                return out;
            }
        };
    }

    private final class RepositoryHandle implements Repository {
        private final String role;

        RepositoryHandle(String role) {
            this.role = role;
        }

        private RepositoryInfo info() {
            return backend.repositories().list(record).stream().filter(r -> r.role().equals(role)).findFirst().orElseThrow();
        }

        @Override
        public String name() {
            return record.resourceName(role);
        }

        @Override
        public String role() {
            return role;
        }

        @Override
        public String branch() {
            return info().branch();
        }

        @Override
        public URI cloneUri() {
            return info().cloneUri();
        }

        @Override
        public String headCommit() {
            return info().headCommit();
        }

        @Override
        public String commit(String message, Map<String, String> files) {
            Validation.notBlank("Repository.commit.message", message);
            return backend.repositories().commit(record, role, message, files);
        }

        @Override
        public String toString() {
            return "Repository{" + name() + "}";
        }
    }

    @Override
    public Pipelines pipelines() {
        return new Pipelines() {
            @Override
            public Pipeline build() {
                return named(Templates.MODEL_BUILD);
            }

            @Override
            public Pipeline deploy() {
                return named(Templates.MODEL_DEPLOY);
            }

            @Override
            public Pipeline named(String role) {
                PipelineSpec spec = record.template().pipeline(role).orElseThrow(() -> new NotFoundException("pipeline", role,
                        "template " + record.template().id() + " has " + record.template().pipelines().stream().map(PipelineSpec::role).toList()));
                return new PipelineHandle(spec);
            }

            @Override
            public List<Pipeline> all() {
                List<Pipeline> out = new ArrayList<>();
                record.template().pipelines().forEach(p -> out.add(new PipelineHandle(p)));
                return out;
            }
        };
    }

    private final class PipelineHandle implements Pipeline {
        private final PipelineSpec spec;

        PipelineHandle(PipelineSpec spec) {
            this.spec = spec;
        }

        @Override
        public String name() {
            return record.resourceName(spec.role());
        }

        @Override
        public String role() {
            return spec.role();
        }

        @Override
        public PipelineSpec spec() {
            return spec;
        }

        @Override
        public Execution start() {
            return new ExecutionHandle(backend.orchestrator().start(record, spec.role(), "started by " + user));
        }

        @Override
        public List<Execution> executions() {
            List<Execution> out = new ArrayList<>();
            backend.orchestrator().executions(record, spec.role()).forEach(e -> out.add(new ExecutionHandle(e)));
            return out;
        }

        @Override
        public Optional<Execution> latestExecution() {
            return backend.orchestrator().executions(record, spec.role()).stream().findFirst().map(ExecutionHandle::new);
        }

        @Override
        public Execution awaitLatest(Duration timeout) {
            long start = System.nanoTime();
            Execution latest = Await.until("an execution of pipeline " + name(), timeout, this::latestExecution);
            Duration left = timeout.minusNanos(System.nanoTime() - start);
            return latest.await(left.isNegative() ? Duration.ZERO : left);
        }

        @Override
        public Execution awaitCommit(String commit, Duration timeout) {
            Validation.notBlank("Pipeline.awaitCommit.commit", commit);
            long start = System.nanoTime();
            Execution run = Await.until("an execution of pipeline " + name() + " for commit " + commit, timeout,
                    () -> backend.orchestrator().executions(record, spec.role()).stream()
                            .filter(e -> e.sourceCommit().map(c -> c.equals(commit)).orElse(false))
                            .findFirst().map(ExecutionHandle::new));
            Duration left = timeout.minusNanos(System.nanoTime() - start);
            return run.await(left.isNegative() ? Duration.ZERO : left);
        }

        @Override
        public String toString() {
            return "Pipeline{" + name() + "}";
        }
    }

    private final class ExecutionHandle implements Execution {
        private final ExecutionInfo info;

        ExecutionHandle(ExecutionInfo info) {
            this.info = info;
        }

        @Override
        public String id() {
            return info.id();
        }

        @Override
        public String pipeline() {
            return info.pipeline();
        }

        @Override
        public ExecutionStatus status() {
            return info.status();
        }

        @Override
        public String trigger() {
            return info.trigger();
        }

        @Override
        public Optional<String> sourceCommit() {
            return info.sourceCommit();
        }

        @Override
        public Instant startedAt() {
            return info.startedAt();
        }

        @Override
        public Optional<Instant> endedAt() {
            return info.endedAt();
        }

        @Override
        public List<StageExecution> stages() {
            return info.stages();
        }

        @Override
        public String log(String stage) {
            return backend.orchestrator().log(record, info.id(), stage);
        }

        @Override
        public Execution refresh() {
            return new ExecutionHandle(backend.orchestrator().execution(record, info.id())
                    .orElseThrow(() -> new NotFoundException("execution", info.id(), "it was deleted")));
        }

        @Override
        public Execution await(Duration timeout) {
            return Await.until("execution " + info.id() + " of " + info.pipeline() + " to end", timeout, () -> {
                Execution now = refresh();
                return now.status().isTerminal() ? Optional.of(now) : Optional.empty();
            });
        }

        @Override
        public void stop(String reason) {
            backend.orchestrator().stop(record, info.id(), reason);
        }

        @Override
        public String toString() {
            return "Execution{" + info.pipeline() + "/" + info.id() + " " + info.status() + ", trigger=" + info.trigger() + "}";
        }
    }

    @Override
    public Models models() {
        String group = modelGroup();
        return new Models() {
            @Override
            public String group() {
                return group;
            }

            @Override
            public List<ModelVersion> versions() {
                List<ModelVersion> out = new ArrayList<>();
                backend.modelRegistry().versions(group).forEach(v -> out.add(new ModelVersionHandle(v)));
                return out;
            }

            @Override
            public List<ModelVersion> pendingApproval() {
                return versions().stream().filter(v -> v.status() == ModelApprovalStatus.PendingManualApproval).toList();
            }

            @Override
            public Optional<ModelVersion> latestApproved() {
                return versions().stream().filter(v -> v.status() == ModelApprovalStatus.Approved).findFirst();
            }

            @Override
            public ModelVersion version(int version) {
                return versions().stream().filter(v -> v.version() == version).findFirst()
                        .orElseThrow(() -> new NotFoundException("model version", group + "/" + version,
                                "the group has versions " + versions().stream().map(ModelVersion::version).toList()));
            }

            @Override
            public ModelVersion awaitNewVersion(Duration timeout) {
                int known = versions().stream().mapToInt(ModelVersion::version).max().orElse(0);
                return Await.until("a new model version in " + group, timeout,
                        () -> versions().stream().filter(v -> v.version() > known).findFirst());
            }
        };
    }

    private String modelGroup() {
        String own = record.template().parameterValues().getOrDefault("SourceModelPackageGroupName", "");
        return own.isEmpty() ? record.nameId() : own;
    }

    private final class ModelVersionHandle implements ModelVersion {
        private final ModelVersionInfo info;

        ModelVersionHandle(ModelVersionInfo info) {
            this.info = info;
        }

        @Override
        public String arn() {
            return info.arn();
        }

        @Override
        public String group() {
            return info.group();
        }

        @Override
        public int version() {
            return info.version();
        }

        @Override
        public ModelApprovalStatus status() {
            return info.status();
        }

        @Override
        public Map<String, Double> metrics() {
            return info.metrics();
        }

        @Override
        public Map<String, String> lineage() {
            return info.lineage();
        }

        @Override
        public Map<String, String> containers() {
            return info.containers();
        }

        @Override
        public Instant createdAt() {
            return info.createdAt();
        }

        @Override
        public Optional<String> decision() {
            return info.decidedBy().map(u -> u + info.comment().filter(c -> !c.isEmpty()).map(c -> ": " + c).orElse(""));
        }

        @Override
        public List<String> history() {
            return info.history();
        }

        @Override
        public ModelVersion approve(String comment) {
            return new ModelVersionHandle(backend.modelRegistry().updateApprovalStatus(info.group(), info.version(),
                    ModelApprovalStatus.Approved, user, comment));
        }

        @Override
        public ModelVersion reject(String comment) {
            return new ModelVersionHandle(backend.modelRegistry().updateApprovalStatus(info.group(), info.version(),
                    ModelApprovalStatus.Rejected, user, comment));
        }

        @Override
        public ModelVersion refresh() {
            return backend.modelRegistry().versions(info.group()).stream().filter(v -> v.version() == info.version())
                    .findFirst().<ModelVersion>map(ModelVersionHandle::new)
                    .orElseThrow(() -> new NotFoundException("model version", info.arn(), "it was deleted"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ModelVersion && ((ModelVersion) o).arn().equals(info.arn());
        }

        @Override
        public int hashCode() {
            return info.arn().hashCode();
        }

        @Override
        public String toString() {
            return "ModelVersion{" + info.group() + "/" + info.version() + " " + info.status() + ", metrics=" + info.metrics() + "}";
        }
    }

    @Override
    public Gates gates() {
        return new Gates() {
            @Override
            public List<Gate> pending() {
                List<Gate> out = new ArrayList<>();
                List<ApprovalInfo> all = new ArrayList<>(backend.orchestrator().approvals(record));
                java.util.Collections.reverse(all);
                all.stream().filter(a -> a.status().equals("Pending")).forEach(a -> out.add(new GateHandle(a)));
                return out;
            }

            @Override
            public List<Gate> all() {
                List<Gate> out = new ArrayList<>();
                backend.orchestrator().approvals(record).forEach(a -> out.add(new GateHandle(a)));
                return out;
            }

            @Override
            public Gate awaitPending(Duration timeout) {
                return Await.until("a pending approval gate in project " + name(), timeout, () -> pending().stream().findFirst());
            }
        };
    }

    private final class GateHandle implements Gate {
        private final ApprovalInfo info;

        GateHandle(ApprovalInfo info) {
            this.info = info;
        }

        @Override
        public String token() {
            return info.token();
        }

        @Override
        public String name() {
            return info.gate();
        }

        @Override
        public String pipeline() {
            return info.pipeline();
        }

        @Override
        public String executionId() {
            return info.executionId();
        }

        @Override
        public String message() {
            return info.message();
        }

        @Override
        public String status() {
            return info.status();
        }

        @Override
        public Instant createdAt() {
            return info.createdAt();
        }

        @Override
        public Optional<String> decision() {
            return info.decidedBy().map(u -> u + info.comment().filter(c -> !c.isEmpty()).map(c -> ": " + c).orElse(""));
        }

        @Override
        public Gate approve(String comment) {
            return new GateHandle(backend.orchestrator().decide(record, info.token(), true, user, comment));
        }

        @Override
        public Gate reject(String comment) {
            return new GateHandle(backend.orchestrator().decide(record, info.token(), false, user, comment));
        }

        @Override
        public String toString() {
            return "Gate{" + info.pipeline() + "/" + info.gate() + " " + info.status() + ", execution=" + info.executionId() + "}";
        }
    }

    @Override
    public Monitors monitors() {
        return new Monitors() {
            @Override
            public List<MonitoringSchedule> schedules() {
                return backend.monitors().schedules(record);
            }

            @Override
            public MonitoringSchedule schedule(String name) {
                return schedules().stream().filter(s -> s.name().equals(name)).findFirst()
                        .orElseThrow(() -> new NotFoundException("monitoring schedule", name, "deployed schedules are "
                                + schedules().stream().map(MonitoringSchedule::name).toList()));
            }

            @Override
            public List<MonitoringExecution> executions(String schedule) {
                return backend.monitors().executions(record, schedule);
            }

            @Override
            public MonitoringExecution runNow(String schedule) {
                return backend.monitors().runNow(record, schedule);
            }

            @Override
            public List<String> reportFiles(MonitoringExecution execution) {
                return backend.monitors().reportFiles(record, execution);
            }

            @Override
            public String reportFile(MonitoringExecution execution, String fileName) {
                return new String(backend.monitors().readReportFile(record, execution, fileName), StandardCharsets.UTF_8);
            }

            @Override
            public GroundTruth groundTruth(String endpoint) {
                return new GroundTruthBatch(endpoint);
            }
        };
    }

    private final class GroundTruthBatch implements GroundTruth {
        private final String endpoint;
        private final List<GroundTruthRecord> pending = new ArrayList<>();

        GroundTruthBatch(String endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public synchronized GroundTruth add(String inferenceId, String label) {
            if (inferenceId == null || inferenceId.isEmpty()) {
                throw new ValidationException("GroundTruth.inferenceId", inferenceId, "the inference id sent with the request");
            }
            if (label == null) {
                throw new ValidationException("GroundTruth.label", null, "the true label as CSV text");
            }
            pending.add(new GroundTruthRecord(label, CaptureData.Encoding.CSV, inferenceId));
            return this;
        }

        @Override
        public synchronized int size() {
            return pending.size();
        }

        @Override
        public synchronized String upload() {
            if (pending.isEmpty()) {
                return "";
            }
            String where = backend.monitors().addGroundTruth(record, endpoint, List.copyOf(pending));
            pending.clear();
            return where;
        }
    }

    @Override
    public Environments environments() {
        return new Environments() {
            @Override
            public Environment staging() {
                return named(Templates.STAGING);
            }

            @Override
            public Environment prod() {
                return named(Templates.PROD);
            }

            @Override
            public Environment named(String env) {
                if (!record.template().environments().contains(env)) {
                    throw new NotFoundException("environment", env, "template " + record.template().id() + " has "
                            + record.template().environments());
                }
                return new EnvironmentHandle(env);
            }

            @Override
            public List<Environment> all() {
                List<Environment> out = new ArrayList<>();
                record.template().environments().forEach(e -> out.add(new EnvironmentHandle(e)));
                return out;
            }
        };
    }

    private final class EnvironmentHandle implements Environment {
        private final String env;

        EnvironmentHandle(String env) {
            this.env = env;
        }

        @Override
        public String name() {
            return env;
        }

        @Override
        public String endpointName() {
            return record.endpointName(env);
        }

        @Override
        public Optional<ModelVersion> deployedVersion() {
            Optional<EndpointInfo> info = backend.endpoints().describe(record, endpointName());
            Optional<String> arn = info.filter(i -> i.status().equals("InService")).flatMap(EndpointInfo::modelArn);
            if (arn.isEmpty()) {
                return Optional.empty();
            }
            return models().versions().stream().filter(v -> v.arn().equals(arn.get())).findFirst();
        }

        @Override
        public Environment awaitDeployed(ModelVersion version, Duration timeout) {
            Await.until("model version " + version.version() + " to serve in " + env, timeout, () -> deployedVersion()
                    .filter(v -> v.arn().equals(version.arn())).map(v -> this));
            return this;
        }

        @Override
        public Endpoint endpoint() {
            EndpointInfo info = backend.endpoints().describe(record, endpointName()).orElseThrow(() -> new NotFoundException(
                    "endpoint", endpointName(), "nothing is deployed to " + env + " yet"));
            return new EndpointHandle(info);
        }

        @Override
        public String toString() {
            return "Environment{" + env + "}";
        }
    }

    private final class EndpointHandle implements Endpoint {
        private final EndpointInfo info;

        EndpointHandle(EndpointInfo info) {
            this.info = info;
        }

        @Override
        public String name() {
            return info.name();
        }

        @Override
        public URI url() {
            return info.url().orElseThrow(() -> new MlopsBackendException("Endpoint " + info.name() + " is " + info.status()
                    + " and has no address", null, Map.of("endpoint", info.name()), true));
        }

        @Override
        public String invoke(String csvRows) {
            return invoke("text/csv", "text/csv", csvRows);
        }

        @Override
        public String invoke(String contentType, String accept, String body) {
            return new String(backend.endpoints().invoke(record, info.name(), contentType, accept,
                    body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }

        @Override
        public String invoke(String contentType, String accept, String body, String inferenceId) {
            if (inferenceId == null || inferenceId.isEmpty() || inferenceId.length() > 64
                    || !inferenceId.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new dev.mlops.exception.ValidationException("Endpoint.invoke.inferenceId", inferenceId,
                        "1 to 64 printable ASCII characters");
            }
            return new String(backend.endpoints().invoke(record, info.name(), contentType, accept,
                    body.getBytes(StandardCharsets.UTF_8), inferenceId), StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Endpoint{" + info.name() + " " + info.status() + " " + info.url().map(URI::toString).orElse("") + "}";
        }
    }

    @Override
    public List<ProjectEvent> events(long afterSequence) {
        return backend.projects().events(record.name(), afterSequence);
    }

    @Override
    public void addListener(ProjectListener listener) {
        listeners.add(listener);
    }

    @Override
    public void delete() {
        closeAttachment();
        backend.projects().delete(record);
        close();
    }

    private void closeAttachment() {
        try {
            attachment.close();
        } catch (Exception e) {
            throw new MlopsBackendException("Cannot stop work on project " + record.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeAttachment();
        if (ownsBackend) {
            backend.close();
        }
    }

    @Override
    public String toString() {
        return "Project{" + record.name() + " (" + record.id() + "), template=" + record.template().id() + ", backend="
                + backend.name() + "}";
    }

}
