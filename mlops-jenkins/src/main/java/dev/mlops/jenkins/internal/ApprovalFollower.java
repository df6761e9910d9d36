package dev.mlops.jenkins.internal;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.MlopsException;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.StartRequest;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Trigger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process route of model approvals to Jenkins, for a registry that reports its changes as events
 * ({@code registry.approval-events}): while the project is attached, one daemon thread reads the group's events and
 * starts each pipeline triggered on approval changes when a version is approved or rejected. The start's idempotency
 * token is derived from the event's id, so that two attached processes, or a repeated read, start one build. Events
 * from before the attachment are not acted on. Without an attached process nothing follows the registry: the
 * EventBridge route ({@code JenkinsApprovalRoute} in mlops-aws) is the one that needs no process.
 */
public final class ApprovalFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalFollower.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final ProjectRecord project;
    private final ModelRegistry registry;
    private final String group;
    private final WaitPolicy policy;
    private final BiConsumer<PipelineSpec, StartRequest> start;
    private final List<PipelineSpec> triggered;
    private final Thread thread;
    private volatile boolean closed;
    private EventCursor cursor = EventCursor.START;

    /**
     * Follows a project's group, if the project has a pipeline triggered on approval changes.
     *
     * @param project the project
     * @param registry the registry, offering approval events
     * @param group the model package group
     * @param policy the pauses between reads
     * @param start starts a pipeline
     * @return the follower, or empty if no pipeline is triggered on approvals
     */
    public static Optional<ApprovalFollower> follow(ProjectRecord project, ModelRegistry registry, String group,
            WaitPolicy policy, BiConsumer<PipelineSpec, StartRequest> start) {
        List<PipelineSpec> triggered = project.template().pipelines().stream()
                .filter(p -> p.triggers().stream().anyMatch(t -> t.kind() == Trigger.Kind.MODEL_APPROVAL_CHANGE))
                .toList();
        return triggered.isEmpty() ? Optional.empty()
                : Optional.of(new ApprovalFollower(project, registry, group, policy, start, triggered));
    }

    private ApprovalFollower(ProjectRecord project, ModelRegistry registry, String group, WaitPolicy policy,
            BiConsumer<PipelineSpec, StartRequest> start, List<PipelineSpec> triggered) {
        this.project = project;
        this.registry = registry;
        this.group = group;
        this.policy = policy;
        this.start = start;
        this.triggered = triggered;
        read(false);   // the baseline, in the caller's thread: what happened before is not acted on
        this.thread = new Thread(this::run, "mlops-jenkins-approvals-" + project.name());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        WaitPolicy.Pacer pacer = policy.begin();
        while (!closed) {
            try {
                pacer.pause(pacer.mark(), policy.ticker().nanoTime() + MAX_PAUSE.toNanos());
            } catch (InterruptedException e) {
                return;
            }
            if (!closed && read(true)) {
                pacer = policy.begin();
            }
        }
    }

    /** Reads on from the cursor; returns whether anything was started. */
    private synchronized boolean read(boolean act) {
        boolean started = false;
        for (int pages = 0; pages < 100; pages++) {
            EventPage page;
            try {
                page = registry.events(group, cursor, 100);
            } catch (MlopsException e) {
                LOG.debug("reading the registry events of {} failed; trying again at the next pause", group, e);
                return started;
            }
            for (ProjectEvent e : page.events()) {
                if (act && !onEvent(e)) {
                    return started;   // the cursor stays before it: the next read tries it again
                }
                started |= act;
            }
            boolean done = page.events().isEmpty() || page.next().equals(cursor);
            cursor = page.next();
            if (done) {
                return started;
            }
        }
        return started;
    }

    /** Starts the triggered pipelines for one event; false if Jenkins failed (the event is read again later). */
    private boolean onEvent(ProjectEvent e) {
        String status = e.detail().get("status");
        boolean fires = (e.type() == ProjectEventType.ModelApprovalChanged || e.type() == ProjectEventType.ModelRegistered)
                && (ModelApprovalStatus.Approved.name().equals(status) || ModelApprovalStatus.Rejected.name().equals(status));
        if (!fires) {
            return true;
        }
        for (PipelineSpec spec : triggered) {
            String token = "mlops-approval-" + spec.role().replaceAll("[^A-Za-z0-9._:-]", "_") + "-" + digest(e.id());
            StartRequest request = new StartRequest("model version " + e.detail().getOrDefault("version", "?") + " "
                    + status + " in " + group, Map.of(), Optional.of(token));
            try {
                start.accept(spec, request);
            } catch (MlopsException failed) {
                if (failed.retryable()) {
                    LOG.debug("starting {} for registry event {} failed; trying again at the next read", spec.role(),
                            e.id(), failed);
                    return false;
                }
                LOG.warn("Could not start pipeline {} of project {} for a model approval change: {}", spec.role(),
                        project.name(), failed.getMessage());
            }
        }
        return true;
    }

    private static String digest(String id) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
