package dev.mlops.aws.internal.pipeline;

import dev.mlops.ExecutionStatus;
import dev.mlops.StageExecution;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.event.ProjectListener;
import dev.mlops.exception.MlopsException;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.PageRequest;
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
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What attaching a project starts in this process: CodePipeline runs the pipelines, so all that is left here is to
 * follow them. One daemon thread per attached project reads the newest executions of each of its pipelines, pausing
 * between reads as the orchestrator's wait policy says (backoff with jitter, started afresh after each change), and
 * turns what changed into project events: execution started and ended, stage started, succeeded and failed, gate
 * pending, approved and rejected. Executions that were already over when the feed started are not reported. A read
 * that fails is retried at the next pause. Closing the feed interrupts the thread and waits for it briefly.
 */
final class ExecutionFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionFeed.class);
    /** Executions read per pipeline and poll: the newest. */
    static final int WATCHED = 5;
    /** The longest pause between two reads. */
    private static final Duration MAX_PAUSE = Duration.ofMinutes(1);

    private final ProjectRecord project;
    private final WaitPolicy policy;
    private final BiFunction<String, PageRequest, List<ExecutionInfo>> read;
    private final List<ProjectListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, ExecutionInfo> seen = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean baselined;
    /** How often a feed nobody listens to looks (locally) whether someone does. */
    private static final long IDLE_CHECK_MILLIS = 200;

    /**
     * Makes a feed; {@link #start()} starts it.
     *
     * @param project the project
     * @param policy the pauses between reads
     * @param read reads a page of a pipeline's executions, by role
     */
    ExecutionFeed(ProjectRecord project, WaitPolicy policy, BiFunction<String, PageRequest, List<ExecutionInfo>> read) {
        this.project = project;
        this.policy = policy;
        this.read = read;
        this.thread = new Thread(this::run, "mlops-codepipeline-feed-" + project.name());
        this.thread.setDaemon(true);
    }

    void start() {
        // The baseline first, in the caller's thread: executions started after attach() returns are all reported.
        // Unless nobody listens: then no read is made until someone does (a status view of many projects reads
        // nothing here), and the baseline is taken then.
        synchronized (this) {
            if (demanded()) {
                poll(true);
                baselined = true;
            }
        }
        thread.start();
    }

    private boolean demanded() {
        for (ProjectListener l : listeners) {
            if (dev.mlops.spi.ProjectEventSink.demanded(l)) {
                return true;
            }
        }
        return false;
    }

    void add(ProjectListener listener) {
        listeners.add(listener);
        // A listener that wants events now gets those of executions started after this returns, as with start().
        synchronized (this) {
            if (!baselined && demanded()) {
                poll(true);
                baselined = true;
            }
        }
    }

    void remove(ProjectListener listener) {
        listeners.remove(listener);
    }

    private void run() {
        WaitPolicy.Pacer pacer = policy.begin();
        while (!closed) {
            if (!demanded()) {
                // Nobody listens: no reads. What happens meanwhile is not reported; the next listener gets what
                // happens after it was added, as a listener added to a handle does.
                baselined = false;
                try {
                    Thread.sleep(IDLE_CHECK_MILLIS);
                } catch (InterruptedException e) {
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
            if (closed) {
                return;
            }
            if (poll(false)) {
                pacer = policy.begin();
            }
        }
    }

    /** One read of every pipeline; returns whether anything changed. */
    private synchronized boolean poll(boolean baseline) {
        boolean changed = false;
        for (PipelineSpec spec : project.template().pipelines()) {
            List<ExecutionInfo> now;
            try {
                now = read.apply(spec.role(), PageRequest.first(WATCHED));
            } catch (MlopsException e) {
                LOG.debug("Could not read the executions of pipeline {} of project {}; trying again at the next pause",
                        spec.role(), project.name(), e);
                continue;
            }
            for (ExecutionInfo e : now) {
                ExecutionInfo before = seen.put(e.id(), e);
                if (baseline) {
                    continue;
                }
                changed |= diff(spec, before, e);
            }
        }
        if (seen.size() > 1000) {
            seen.values().removeIf(e -> e.status().isTerminal());
        }
        return changed;
    }

    private boolean diff(PipelineSpec spec, ExecutionInfo before, ExecutionInfo now) {
        if (before != null && before.equals(now)) {
            return false;
        }
        String subject = spec.role() + "/" + now.id();
        boolean changed = before == null || before.status() != now.status();
        if (before == null) {
            emit(now.id(), ProjectEventType.ExecutionStarted, subject, "Execution " + now.id() + " of pipeline "
                    + spec.role() + " started: " + now.trigger(), Map.of("status", now.status().name(), "pipeline", spec.role(),
                            "execution", now.id(), "stages", Integer.toString(spec.stages().size())),
                    now.startedAt());
        }
        for (StageExecution s : now.stages()) {
            StageExecution old = before == null ? null : before.stages().stream()
                    .filter(o -> o.name().equals(s.name())).findFirst().orElse(null);
            ExecutionStatus was = old == null ? ExecutionStatus.Queued : old.status();
            if (was == s.status()) {
                continue;
            }
            changed = true;
            ProjectEventType type = stageEvent(s);
            if (type == null) {
                continue;
            }
            emit(now.id(), type, spec.role() + "/" + s.name(), "Stage " + s.name() + " of execution " + now.id()
                    + " is " + s.status() + ": " + s.summary(), Map.of("execution", now.id(), "stage", s.name(),
                            "status", s.status().name()), s.endedAt().or(s::startedAt).orElse(Instant.now()));
        }
        if (now.status().isTerminal() && (before == null || !before.status().isTerminal())) {
            emit(now.id(), ProjectEventType.ExecutionEnded, subject, "Execution " + now.id() + " of pipeline "
                    + spec.role() + " ended " + now.status(), Map.of("status", now.status().name()),
                    now.endedAt().orElse(Instant.now()));
        }
        return changed;
    }

    private static ProjectEventType stageEvent(StageExecution s) {
        boolean gate = s.type() == StageType.APPROVAL;
        return switch (s.status()) {
            case InProgress -> ProjectEventType.StageStarted;
            case WaitingForApproval -> ProjectEventType.GatePending;
            case Succeeded -> gate ? ProjectEventType.GateApproved : ProjectEventType.StageSucceeded;
            case Failed -> gate ? ProjectEventType.GateRejected : ProjectEventType.StageFailed;
            default -> null;
        };
    }

    private void emit(String executionId, ProjectEventType type, String subject, String message,
            Map<String, String> detail, Instant time) {
        ProjectEvent event = new ProjectEvent("codepipeline:" + executionId + ":" + type + ":" + subject + ":"
                + detail.getOrDefault("status", ""), time, project.name(), type, subject, message, detail);
        for (ProjectListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.debug("A listener of project {} failed on event {}; dropped", project.name(), event.id(), e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
