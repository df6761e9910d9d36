package dev.mlops.jenkins.internal;

import dev.mlops.ExecutionStatus;
import dev.mlops.StageExecution;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.event.ProjectListener;
import dev.mlops.exception.MlopsException;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.ProjectEventSink;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.StageType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a project's Jenkins builds for its attached listeners: one daemon thread per project reads the newest
 * builds of each pipeline, pausing as the orchestrator's wait policy says (started afresh after each change), and
 * turns what changed into events (execution started and ended; stage started, succeeded, failed; gate pending,
 * approved, rejected). Builds over before the first read are not reported. A read that fails (Jenkins down) is
 * tried again at the next pause, so the feed resumes by itself when Jenkins is back. It reads nothing while no
 * listener wants events.
 */
public final class BuildFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BuildFeed.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);
    private static final long IDLE_MILLIS = 200;

    private final ProjectRecord project;
    private final WaitPolicy policy;
    private final Function<String, List<ExecutionInfo>> newest;
    private final List<ProjectListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, ExecutionInfo> seen = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    private boolean baselined;

    /**
     * Makes and starts a feed.
     *
     * @param project the project
     * @param policy the pauses between reads
     * @param newest reads the newest executions of a pipeline, by role
     */
    public BuildFeed(ProjectRecord project, WaitPolicy policy, Function<String, List<ExecutionInfo>> newest) {
        this.project = project;
        this.policy = policy;
        this.newest = newest;
        this.thread = new Thread(this::run, "mlops-jenkins-feed-" + project.name());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Adds a listener; it hears of what happens after this returns.
     *
     * @param listener the listener
     */
    public void add(ProjectListener listener) {
        listeners.add(listener);
        synchronized (this) {
            if (!baselined && demanded()) {
                poll(true);
                baselined = true;
            }
        }
    }

    /**
     * Removes a listener.
     *
     * @param listener the listener
     */
    public void remove(ProjectListener listener) {
        listeners.remove(listener);
    }

    private boolean demanded() {
        return listeners.stream().anyMatch(ProjectEventSink::demanded);
    }

    private void run() {
        WaitPolicy.Pacer pacer = policy.begin();
        while (!closed) {
            if (!demanded()) {
                synchronized (this) {
                    baselined = false;
                }
                if (!sleep(IDLE_MILLIS)) {
                    return;
                }
                continue;
            }
            synchronized (this) {
                if (!baselined) {
                    poll(true);
                    baselined = true;
                    pacer = policy.begin();
                    continue;
                }
            }
            try {
                pacer.pause(pacer.mark(), policy.ticker().nanoTime() + MAX_PAUSE.toNanos());
            } catch (InterruptedException e) {
                return;
            }
            if (!closed && poll(false)) {
                pacer = policy.begin();
            }
        }
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private synchronized boolean poll(boolean baseline) {
        boolean changed = false;
        for (PipelineSpec spec : project.template().pipelines()) {
            List<ExecutionInfo> now;
            try {
                now = newest.apply(spec.role());
            } catch (MlopsException e) {
                LOG.debug("could not read the builds of pipeline {} of project {}; trying again at the next pause",
                        spec.role(), project.name(), e);
                continue;
            }
            for (ExecutionInfo e : now) {
                ExecutionInfo before = seen.put(e.id(), e);
                if (!baseline) {
                    changed |= diff(spec, before, e);
                }
            }
        }
        if (seen.size() > 1000) {
            seen.values().removeIf(e -> e.status().isTerminal());
        }
        return changed;
    }

    private boolean diff(PipelineSpec spec, ExecutionInfo before, ExecutionInfo now) {
        if (now.equals(before)) {
            return false;
        }
        String subject = spec.role() + "/" + now.id();
        if (before == null) {
            emit(now.id(), ProjectEventType.ExecutionStarted, subject, "Execution " + now.id() + " of pipeline "
                    + spec.role() + " started: " + now.trigger(), Map.of("status", now.status().name(), "pipeline", spec.role(),
                            "execution", now.id(), "stages", Integer.toString(spec.stages().size())), now.startedAt());
        }
        for (StageExecution s : now.stages()) {
            StageExecution old = before == null ? null
                    : before.stages().stream().filter(o -> o.name().equals(s.name())).findFirst().orElse(null);
            ExecutionStatus was = old == null ? ExecutionStatus.Queued : old.status();
            if (was == s.status()) {
                continue;
            }
            boolean gate = s.type() == StageType.APPROVAL;
            ProjectEventType type = switch (s.status()) {
                case InProgress -> ProjectEventType.StageStarted;
                case WaitingForApproval -> ProjectEventType.GatePending;
                case Succeeded -> gate ? ProjectEventType.GateApproved : ProjectEventType.StageSucceeded;
                case Failed -> gate ? ProjectEventType.GateRejected : ProjectEventType.StageFailed;
                default -> null;
            };
            if (type != null) {
                emit(now.id(), type, spec.role() + "/" + s.name(), "Stage " + s.name() + " of execution " + now.id()
                        + " is " + s.status() + ": " + s.summary(), Map.of("execution", now.id(), "stage", s.name(),
                                "status", s.status().name()), s.endedAt().or(s::startedAt).orElse(Instant.now()));
            }
        }
        if (now.status().isTerminal() && (before == null || !before.status().isTerminal())) {
            emit(now.id(), ProjectEventType.ExecutionEnded, subject, "Execution " + now.id() + " of pipeline "
                    + spec.role() + " ended " + now.status(), Map.of("status", now.status().name()),
                    now.endedAt().orElse(Instant.now()));
        }
        return true;
    }

    private void emit(String executionId, ProjectEventType type, String subject, String message,
            Map<String, String> detail, Instant time) {
        ProjectEvent event = new ProjectEvent("jenkins:" + executionId + ":" + type + ":" + subject + ":"
                + detail.getOrDefault("status", ""), time, project.name(), type, subject, message, detail);
        for (ProjectListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.debug("a listener of project {} failed on event {}; dropped", project.name(), event.id(), e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
