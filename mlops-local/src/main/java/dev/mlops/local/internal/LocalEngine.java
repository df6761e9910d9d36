package dev.mlops.local.internal;

import dev.mlops.ExecutionStatus;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.event.ProjectListener;
import dev.mlops.spi.ProjectRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's part in running a project. Every process that has the project open delivers its events to
 * its listeners; one of them, the leader (holder of a lease renewed in the state store), also runs the work:
 * it watches the repositories for new commits, starts queued executions, and serves the endpoints. When the
 * leader stops or dies, another process takes over within one lease and resumes what was in flight.
 */
final class LocalEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalEngine.class);

    private final LocalContext ctx;
    private final LocalProjectStore store;
    private volatile ProjectRecord project;
    private final RepositoryWatch watch;
    private final ExecutionRunner runner;
    private final EndpointManager endpoints;
    private final RegistryPort registry;
    private final Fence fence;
    private final LocalMonitors monitors;
    private final List<ProjectListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
    private final java.util.Set<String> stopping = ConcurrentHashMap.newKeySet();
    private static final long RETIRE_WAIT_MILLIS = 10_000;
    private final java.util.concurrent.ThreadPoolExecutor workers;
    private final Object idle = new Object();
    private final Thread loop;
    private volatile boolean closed;
    private volatile boolean leader;
    private long eventCursor;
    private long lastRenew;

    LocalEngine(LocalContext ctx, LocalProjectStore store, ProjectRecord project, RepositoryWatch watch,
            ExecutionRunner runner, EndpointManager endpoints, RegistryPort registry,
            LocalMonitors monitors, Fence fence) {
        this.fence = fence;
        this.ctx = ctx;
        this.store = store;
        this.project = project;
        this.watch = watch;
        this.runner = runner;
        this.endpoints = endpoints;
        this.registry = registry;
        this.monitors = monitors;
        this.workers = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "mlops-run-" + project.name());
                    t.setDaemon(true);
                    return t;
                }) {
            @Override
            protected void afterExecute(Runnable r, Throwable t) {
                synchronized (idle) {
                    idle.notifyAll();
                }
            }
        };
        this.eventCursor = ctx.db().read(tx -> tx.query("SELECT COALESCE(MAX(seq),0) FROM events WHERE project=?",
                rs -> rs.getLong(1), project.name()).get(0));
        this.loop = new Thread(this::loop, "mlops-engine-" + project.name());
        this.loop.setDaemon(true);
    }

    void start() {
        tick();
        loop.start();
    }

    void addListener(ProjectListener l) {
        listeners.add(l);
    }

    void removeListener(ProjectListener l) {
        listeners.remove(l);
    }

    boolean isLeader() {
        return leader;
    }

    /**
     * Ticks every poll interval, and at once when this process commits an event (an execution queued, a gate
     * decided, a step ended...), so that in-process work follows without a poll's delay.
     */
    private void loop() {
        while (!closed) {
            try {
                ctx.signal().awaitChange(ctx.signal().generation(), ctx.pollInterval().toMillis());
            } catch (InterruptedException e) {
                return;
            }
            tick();
        }
    }

    private synchronized void tick() {
        if (closed) {
            return;
        }
        try {
            // A template update by any process takes effect at the next tick (the store reads a revision number).
            Optional<ProjectRecord> now = store.find(project.name()).filter(p -> p.id().equals(project.id()));
            if (now.isEmpty()) {
                // Deleted by another process (or deleted and made again, with another id): stop serving its endpoints and running its work here too.
                if (leader) {
                    LOG.debug("Project {} was deleted elsewhere; process {} stops its work", project.name(), ctx.processId());
                    stopWork();
                }
                return;
            }
            if (store.deleting(project.name())) {
                // Being deleted, maybe by another process that waits for this one's lease: stop, then hand it over.
                if (leader) {
                    retire();
                }
                return;
            }
            project = now.get();
            boolean lead = holdLease();
            if (lead && !leader) {
                leader = true;
                LOG.debug("Process {} leads project {}", ctx.processId(), project.name());
                endpoints.restore(project, registry::byArn);
            } else if (!lead && leader) {
                LOG.debug("Process {} lost the lead of project {}", ctx.processId(), project.name());
                stopWork();
            }
            if (leader) {
                endpoints.restore(project, registry::byArn);   // retries those that failed, each on its own backoff
                endpoints.dropDeleted(project);
                registry.followApprovals(project);
                watch.poll(project);
                schedule();
                monitors.runDue(project, workers);
                monitors.retainCaptures(project, workers);
            }
        } catch (RuntimeException e) {
            LOG.debug("Engine tick for {} failed; retrying next tick", project.name(), e);
        }
        try {
            deliverEvents();
        } catch (RuntimeException e) {
            LOG.debug("Event delivery for {} failed; retrying next tick", project.name(), e);
        }
    }

    private long fenceEpoch() {
        return fence.epoch();
    }

    /** Takes or renews the project's lease; true if this process holds it. */
    private boolean holdLease() {
        long now = System.currentTimeMillis();
        if (leader && now - lastRenew < ctx.leaseDuration().toMillis() / 4) {
            return true;
        }
        boolean held = ctx.db().write(tx -> {
            List<String[]> rows = tx.query("SELECT owner, expires_at, epoch FROM leases WHERE project=?",
                    rs -> new String[] {rs.getString(1), Long.toString(rs.getLong(2)), Long.toString(rs.getLong(3))},
                    project.name());
            long expires = now + ctx.leaseDuration().toMillis();
            if (rows.isEmpty()) {
                tx.update("INSERT INTO leases(project, owner, expires_at, epoch) VALUES(?,?,?,1)", project.name(),
                        ctx.processId(), expires);
                fence.held(1);
                return true;
            }
            String owner = rows.get(0)[0];
            long until = Long.parseLong(rows.get(0)[1]);
            long epoch = Long.parseLong(rows.get(0)[2]);
            if (owner.equals(ctx.processId()) && epoch == fenceEpoch()) {
                tx.update("UPDATE leases SET expires_at=? WHERE project=?", expires, project.name());
                return true;
            }
            if (until < now || owner.equals(ctx.processId())) {
                // A takeover (or this process coming back after losing the lead) starts a new epoch: writes fenced
                // with an older one are refused.
                tx.update("UPDATE leases SET owner=?, expires_at=?, epoch=? WHERE project=?", ctx.processId(), expires,
                        epoch + 1, project.name());
                fence.held(epoch + 1);
                return true;
            }
            return false;
        });
        if (held) {
            lastRenew = now;
        }
        return held;
    }

    /**
     * One execution per pipeline at a time. A newer execution supersedes queued ones and one waiting at a gate,
     * as CodePipeline's superseded mode does, so a gate left open never blocks newer changes.
     */
    private void schedule() {
        running.entrySet().removeIf(e -> e.getValue().isDone());
        List<Executions.Row> active = ctx.db().read(tx -> Executions.active(tx, project.name()));
        stopEnded(active);
        Map<String, List<Executions.Row>> byPipeline = new HashMap<>();
        for (Executions.Row r : active) {
            byPipeline.computeIfAbsent(r.pipeline, k -> new ArrayList<>()).add(r);
        }
        for (List<Executions.Row> rows : byPipeline.values()) {
            Executions.Row current = null;
            List<Executions.Row> queued = new ArrayList<>();
            for (Executions.Row r : rows) {
                if (r.status == ExecutionStatus.Queued) {
                    queued.add(r);
                } else if (current == null) {
                    current = r;
                }
            }
            Executions.Row newest = queued.isEmpty() ? null : queued.get(queued.size() - 1);
            for (Executions.Row q : queued) {
                if (q != newest) {
                    supersede(q, "superseded by " + newest.id + " before it started");
                }
            }
            if (current != null && newest != null && current.status == ExecutionStatus.WaitingForApproval
                    && supersede(current, "superseded at its approval gate by " + newest.id)) {
                running.remove(current.id);
                current = null;
            }
            // A run submitted on an earlier tick may still read Queued until its runner starts: never start it twice.
            Executions.Row next = current != null ? current : newest;
            if (next != null && !running.containsKey(next.id)) {
                submit(next.id);
            }
        }
    }

    /**
     * Ends the user code of runs that were stopped (by this process or another) while they work: their child JVM
     * and command are ended at once, whatever they are doing; the stage that waited for them then ends.
     */
    private void stopEnded(List<Executions.Row> active) {
        stopping.retainAll(running.keySet());
        java.util.Set<String> live = new java.util.HashSet<>();
        active.forEach(r -> live.add(r.id));
        for (Map.Entry<String, Future<?>> e : running.entrySet()) {
            if (live.contains(e.getKey()) || e.getValue().isDone()) {
                continue;
            }
            ExecutionStatus status = ctx.db().read(tx -> Executions.get(tx, e.getKey())).map(r -> r.status).orElse(null);
            if (status == ExecutionStatus.Stopped && stopping.add(e.getKey())) {
                LOG.debug("Execution {} was stopped; ending its user code", e.getKey());
                runner.stop(e.getKey());
            }
        }
    }

    /** Supersedes a run, unless it ended or its gate was approved meanwhile (an approval is never dropped). */
    private boolean supersede(Executions.Row row, String why) {
        return ctx.db().write(tx -> {
            Executions.Row now = Executions.get(tx, row.id).orElseThrow();
            if (now.status.isTerminal()) {
                return false;
            }
            boolean approved = !tx.query("SELECT token FROM approvals WHERE execution_id=? AND status='Approved'",
                    rs -> rs.getString(1), row.id).isEmpty();
            if (now.status == ExecutionStatus.WaitingForApproval && approved) {
                return false;
            }
            now.status = ExecutionStatus.Superseded;
            now.endedAt = System.currentTimeMillis();
            for (Executions.StageState s : now.stages) {
                if (!ExecutionStatus.valueOf(s.status).isTerminal()) {
                    s.status = ExecutionStatus.Superseded.name();
                    s.summary = why;
                }
            }
            Executions.save(tx, now);
            tx.update("UPDATE approvals SET status='Expired', decided_at=? WHERE execution_id=? AND status='Pending'",
                    System.currentTimeMillis(), row.id);
            EventLog.append(tx, project.name(), ProjectEventType.ExecutionEnded, row.pipeline + "/" + row.id,
                    "Pipeline " + row.pipeline + " execution " + row.id + " Superseded: " + why,
                    Map.of("pipeline", row.pipeline, "execution", row.id, "status", "Superseded"));
            return true;
        });
    }

    private void submit(String executionId) {
        running.put(executionId, workers.submit(() -> {
            try {
                runner.run(project, executionId);
            } catch (RuntimeException e) {
                // Not a stage failure (those are recorded by the runner): end the run rather than resume it forever.
                LOG.debug("Execution {} stopped with an error", executionId, e);
                runner.failUnexpectedly(project, executionId, e);
            }
        }));
    }

    private void deliverEvents() {
        if (listeners.isEmpty()) {
            eventCursor = ctx.db().read(tx -> tx.query("SELECT COALESCE(MAX(seq),0) FROM events WHERE project=?",
                    rs -> rs.getLong(1), project.name()).get(0));
            return;
        }
        List<ProjectEvent> events = ctx.db().read(tx -> EventLog.after(tx, project.name(), eventCursor, 500));
        for (ProjectEvent e : events) {
            eventCursor = Long.parseLong(e.id());
            for (ProjectListener l : listeners) {
                try {
                    l.onEvent(e);
                } catch (RuntimeException ex) {
                    LOG.debug("Listener {} threw on event {}", l, e.id(), ex);
                }
            }
        }
    }

    /**
     * Stops the work of a project being deleted and gives up its lease once the runs' threads have ended (or were
     * given their time), so that the delete waiting for the lease finds nothing writing into the project's files.
     */
    private void retire() {
        LOG.debug("Project {} is being deleted; process {} stops its work", project.name(), ctx.processId());
        running.keySet().forEach(runner::stop);
        stopWork();
        awaitIdle(RETIRE_WAIT_MILLIS);
        endpoints.close();
        ctx.db().write(tx -> tx.update("UPDATE leases SET expires_at=0 WHERE project=? AND owner=?", project.name(),
                ctx.processId()));
    }

    /** Waits until no worker thread runs a task (they were interrupted), or the time is up. */
    private void awaitIdle(long maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        synchronized (idle) {
            while (workers.getActiveCount() > 0 && System.nanoTime() < deadline) {
                try {
                    idle.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (workers.getActiveCount() > 0) {
            LOG.debug("{} worker(s) of project {} still run after {} ms", workers.getActiveCount(), project.name(), maxMillis);
        }
    }

    private void stopWork() {
        leader = false;
        running.values().forEach(f -> f.cancel(true));
        running.clear();
        endpoints.close();
    }

    @Override
    public void close() {
        closed = true;
        loop.interrupt();
        synchronized (this) {
            try {
                deliverEvents();
            } catch (RuntimeException e) {
                LOG.debug("Final event delivery failed", e);
            }
            boolean wasLeader = leader;
            stopWork();
            workers.shutdownNow();
            try {
                workers.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // A run that was mid-deploy when it was cancelled may have started an endpoint after stopWork closed
            // them: close again once the workers are done, or that server would keep its port from the next leader.
            endpoints.close();
            if (wasLeader) {
                // Hand over at once instead of making the next process wait out the lease.
                ctx.db().write(tx -> tx.update("UPDATE leases SET expires_at=0 WHERE project=? AND owner=?",
                        project.name(), ctx.processId()));
            }
        }
    }
}
