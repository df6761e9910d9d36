package dev.mlops.testkit.memory;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.Page;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RegisterRequest;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Capability;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The in-memory model registry: versions numbered from 1 in each group, approval changes recorded with their
 * history under the backend's identity, registrations idempotent on their client token, and (unless built with
 * {@code approvalEvents(false)}) the group's {@code ModelRegistered} and {@code ModelApprovalChanged} events after an
 * opaque cursor, the route by which an orchestrator of another backend learns of approvals. Reads lag writes by the
 * backend's read lag.
 */
public final class InMemoryModelRegistry implements ModelRegistry {
    private final MemoryState state;
    private final WaitPolicy policy;
    private final boolean approvalEvents;
    private final Map<String, NavigableMap<Integer, Version>> groups = new HashMap<>();
    private final Map<String, Version> byArn = new HashMap<>();
    private final Map<String, String> tokens = new HashMap<>();
    private final List<Logged> log = new ArrayList<>();

    /** A stored version; its {@link #view} is what readers see. */
    private static final class Version {
        String project;
        String arn;
        String group;
        int version;
        ModelApprovalStatus status;
        Map<String, Double> metrics;
        Map<String, String> lineage;
        Map<String, String> containers;
        long createdAt;
        String decidedBy;
        String comment;
        final List<String> history = new ArrayList<>();
        final Lagged<ModelVersionInfo> view = new Lagged<>();
        final Lagged<Map<String, Double>> metricsView = new Lagged<>();
    }

    /** A registry event of a group and when readers see it. */
    record Logged(String group, ProjectEvent event, long seq, long visibleAt) {
    }

    InMemoryModelRegistry(MemoryState state, WaitPolicy policy, boolean approvalEvents) {
        this.state = state;
        this.policy = policy;
        this.approvalEvents = approvalEvents;
    }

    @Override
    public String backend() {
        return MemoryState.BACKEND;
    }

    @Override
    public Set<Capability> capabilities() {
        return approvalEvents ? Set.of(Capability.MODEL_APPROVAL_EVENTS) : Set.of();
    }

    @Override
    public WaitPolicy waitPolicy() {
        return policy;
    }

    @Override
    public Optional<ModelVersionInfo> version(String group, int version) {
        return state.call("registry.version", () -> Optional.ofNullable(groups.getOrDefault(group, new TreeMap<>()).get(version))
                .map(v -> v.view.visible(state.now())));
    }

    @Override
    public Optional<ModelVersionInfo> byArn(String arn) {
        return state.call("registry.byArn", () -> Optional.ofNullable(byArn.get(arn)).map(v -> v.view.visible(state.now())));
    }

    @Override
    public Page<ModelVersionInfo> versions(String group, PageRequest page) {
        return state.call("registry.versions", () -> {
            long before = page.token().map(t -> MemoryState.untokenLong("PageRequest.token", "versions", t))
                    .orElse(Long.MAX_VALUE);
            List<ModelVersionInfo> out = new ArrayList<>();
            long now = state.now();
            for (Version v : groups.getOrDefault(group, new TreeMap<>()).descendingMap().values()) {
                if (v.version >= before) {
                    continue;
                }
                ModelVersionInfo seen = v.view.visible(now);
                if (seen == null) {
                    continue;
                }
                if (out.size() == page.limit()) {
                    return new Page<>(out, Optional.of(MemoryState.token("versions",
                            Integer.toString(out.get(out.size() - 1).version()))));
                }
                out.add(seen);
            }
            return Page.last(out);
        });
    }

    @Override
    public Optional<ModelVersionInfo> latest(String group, ModelApprovalStatus status) {
        return state.call("registry.latest", () -> {
            long now = state.now();
            for (Version v : groups.getOrDefault(group, new TreeMap<>()).descendingMap().values()) {
                ModelVersionInfo seen = v.view.visible(now);
                if (seen != null && seen.status() == status) {
                    return Optional.of(seen);
                }
            }
            return Optional.empty();
        });
    }

    @Override
    public Map<String, Double> metrics(String arn) {
        return state.call("registry.metrics", () -> {
            Version v = byArn.get(arn);
            Map<String, Double> m = v == null ? null : v.metricsView.visible(state.now());
            if (m == null) {
                throw new NotFoundException("model version", arn, "it is not in the memory registry");
            }
            return m;
        });
    }

    @Override
    public ModelVersionInfo updateApprovalStatus(String group, int version, ModelApprovalStatus status, String comment) {
        if (status == null) {
            throw new ValidationException("ModelRegistry.updateApprovalStatus.status", null, "a status");
        }
        return state.call("registry.updateApprovalStatus", () -> {
            NavigableMap<Integer, Version> versions = groups.getOrDefault(group, new TreeMap<>());
            Version v = versions.get(version);
            if (v == null) {
                throw new NotFoundException("model version", group + "/" + version, versions.isEmpty()
                        ? "the group has no versions yet" : "the group's versions are 1.." + versions.lastKey());
            }
            if (v.status == status) {
                throw new IllegalStateTransitionException("Model version " + group + "/" + version + " is already "
                        + status + (v.decidedBy == null ? "" : " (decided by " + v.decidedBy
                                + (v.comment == null || v.comment.isEmpty() ? "" : ": " + v.comment) + ")"),
                        Map.of("group", group, "version", Integer.toString(version), "status", status.name()));
            }
            long now = state.now();
            String why = comment == null ? "" : comment;
            ModelApprovalStatus from = v.status;
            v.history.add(state.instant(now) + " " + from + " -> " + status + " by " + state.identity
                    + (why.isEmpty() ? "" : ": " + why));
            v.status = status;
            v.decidedBy = state.identity;
            v.comment = why;
            ModelVersionInfo info = publish(v, now);
            record(v, now, ProjectEventType.ModelApprovalChanged, "Model version " + version + " " + from + " -> "
                    + status + " by " + state.identity, Map.of("group", group, "version", Integer.toString(version),
                            "from", from.name(), "status", status.name(), "user", state.identity, "comment", why));
            return info;
        });
    }

    @Override
    public ModelVersionInfo register(RegisterRequest request) {
        if (request == null) {
            throw new ValidationException("ModelRegistry.register.request", null, "a registration");
        }
        return state.call("registry.register", () -> registerNow(request, state.now()));
    }

    @Override
    public EventPage events(String group, EventCursor after, int limit) {
        if (after == null) {
            throw new ValidationException("ModelRegistry.events.after", null, "EventCursor.START or a page's next()");
        }
        return state.call("registry.events", () -> {
            if (!approvalEvents) {
                return ModelRegistry.super.events(group, after, limit);
            }
            if (limit < 1) {
                throw new ValidationException("ModelRegistry.events.limit", limit, "at least 1");
            }
            long from = after.equals(EventCursor.START) ? 0 : MemoryState.untokenLong("EventCursor", "registry", after.value());
            long now = state.now();
            List<ProjectEvent> out = new ArrayList<>();
            long last = from;
            for (Logged l : log) {
                if (l.seq() <= from || !l.group().equals(group)) {
                    continue;
                }
                if (l.visibleAt() > now || out.size() >= limit) {
                    break;
                }
                out.add(l.event());
                last = l.seq();
            }
            return new EventPage(out, out.isEmpty() ? after : EventCursor.of(MemoryState.token("registry", Long.toString(last))));
        });
    }

    @Override
    public void deleteProject(ProjectRecord project) {
        state.call("registry.deleteProject", () -> {
            List<Version> mine = byArn.values().stream().filter(v -> v.project.equals(project.name())).toList();
            for (Version v : mine) {
                byArn.remove(v.arn);
                NavigableMap<Integer, Version> g = groups.get(v.group);
                if (g != null) {
                    g.remove(v.version);
                }
                tokens.values().removeIf(v.arn::equals);
                log.removeIf(l -> l.group().equals(v.group) && l.event().detail().get("version").equals(
                        Integer.toString(v.version)));
            }
            groups.values().removeIf(Map::isEmpty);
            return null;
        });
    }

    // ---------------------------------------------------------------- for the orchestrator (under the lock)

    /** Registers as {@link #register} does, without counting a call, as of a time (a stage's end). */
    ModelVersionInfo registerNow(RegisterRequest r, long now) {
        String known = tokens.get(r.clientToken());
        if (known != null && byArn.containsKey(known)) {
            return byArn.get(known).view.latest();
        }
        NavigableMap<Integer, Version> versions = groups.computeIfAbsent(r.group(), k -> new TreeMap<>());
        Version v = new Version();
        v.project = r.project();
        v.group = r.group();
        v.version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        v.arn = "arn:mlops:memory:model-package/" + r.group() + "/" + v.version;
        v.status = r.status();
        v.metrics = Map.copyOf(r.metrics());
        v.lineage = Map.copyOf(r.lineage());
        v.containers = new LinkedHashMap<>(r.containers());
        v.createdAt = now;
        v.history.add(state.instant(now) + " registered as " + r.status() + " by pipeline execution "
                + r.lineage().getOrDefault("pipelineExecution", "?"));
        versions.put(v.version, v);
        byArn.put(v.arn, v);
        tokens.put(r.clientToken(), v.arn);
        v.metricsView.set(v.metrics, state.visibleAt(now));
        ModelVersionInfo info = publish(v, now);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("group", v.group);
        detail.put("version", Integer.toString(v.version));
        detail.put("status", v.status.name());
        v.metrics.forEach((k, m) -> detail.put("metric." + k, Double.toString(m)));
        record(v, now, ProjectEventType.ModelRegistered, "Model version " + v.version + " registered in " + v.group
                + " (" + v.status + ")", detail);
        return info;
    }

    /** A version as the registry itself has it. */
    Optional<ModelVersionInfo> current(String arn) {
        return Optional.ofNullable(byArn.get(arn)).map(v -> v.view.latest());
    }

    /** The newest approved version of a group as the registry itself has it. */
    Optional<ModelVersionInfo> newestApproved(String group) {
        return groups.getOrDefault(group, new TreeMap<>()).descendingMap().values().stream()
                .filter(v -> v.status == ModelApprovalStatus.Approved).findFirst().map(v -> v.view.latest());
    }

    /** The group's registry events after a sequence number, as the registry itself has them. */
    List<Logged> eventsAfter(String group, long seq) {
        return log.stream().filter(l -> l.seq() > seq && l.group().equals(group)).toList();
    }

    // ---------------------------------------------------------------- helpers

    private ModelVersionInfo publish(Version v, long now) {
        ModelVersionInfo info = new ModelVersionInfo(v.arn, v.group, v.version, v.status, v.lineage, v.containers,
                state.instant(v.createdAt), Optional.ofNullable(v.decidedBy), Optional.ofNullable(v.comment),
                List.copyOf(v.history));
        v.view.set(info, state.visibleAt(now));
        return info;
    }

    private void record(Version v, long now, ProjectEventType type, String message, Map<String, String> detail) {
        ProjectEvent e = state.append(v.project, now, type, v.group + "/" + v.version, message, detail);
        log.add(new Logged(v.group, e, Long.parseLong(e.id()), state.visibleAt(now)));
    }

    @Override
    public String toString() {
        return "InMemoryModelRegistry{approvalEvents=" + approvalEvents + "}";
    }
}
