package dev.mlops.local.internal;

import dev.mlops.ExecutionStatus;
import dev.mlops.event.ProjectEventType;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one execution stage by stage, persisting every transition. It can start at any point: stages that
 * succeeded are skipped, an interrupted stage is run again when running it twice is harmless, and an
 * interrupted ML pipeline fails the run (a model must not be registered twice), so a run is never left half
 * done.
 */
final class ExecutionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRunner.class);
    private final LocalContext ctx;
    private final StageActions actions;
    private final Fence fence;
    /** The child JVM slots of the runs this runner is running, to end their user code when a run is stopped. */
    private final Map<String, ChildJvm.Slot> slots = new java.util.concurrent.ConcurrentHashMap<>();

    ExecutionRunner(LocalContext ctx, StageActions actions, Fence fence) {
        this.ctx = ctx;
        this.actions = actions;
        this.fence = fence;
    }

    void run(ProjectRecord project, String executionId) {
        Executions.Row row = ctx.db().read(tx -> Executions.get(tx, executionId)).orElseThrow();
        PipelineSpec pipeline = project.template().pipeline(row.pipeline).orElseThrow();
        boolean resumed = row.status != ExecutionStatus.Queued;
        if (!resumed) {
            // Claim the run: of two runners handed the same queued execution, only one starts it.
            int claimed = ctx.db().write(tx -> {
                fence.check(tx, executionId);
                return tx.update("UPDATE executions SET status=? WHERE id=? AND status=?",
                        ExecutionStatus.InProgress.name(), executionId, ExecutionStatus.Queued.name());
            });
            if (claimed == 0) {
                return;
            }
            row.status = ExecutionStatus.InProgress;
        }
        // The run's user code runs in a child JVM (see runStages).
        int firstChildStage = -1;
        int lastChildStage = -1;
        boolean training = false;
        for (int i = 0; i < pipeline.stages().size(); i++) {
            Stage s = pipeline.stages().get(i);
            if (StageActions.needsChild(s)) {
                lastChildStage = i;
                training |= s.type() == StageType.ML_PIPELINE;
                if (firstChildStage < 0 && row.stage(s.name()).status.equals(ExecutionStatus.Queued.name())) {
                    firstChildStage = i;
                }
            }
        }
        try (ChildJvm.Slot child = new ChildJvm.Slot(training)) {
            slots.put(executionId, child);
            runStages(project, pipeline, row, child, firstChildStage, lastChildStage);
        } finally {
            slots.remove(executionId);
        }
    }

    /**
     * A run was stopped while this runner runs it: ends its user code (its child JVM, its command) at once; the
     * stage waiting for it then ends, and the run stays Stopped.
     *
     * @param executionId the run
     */
    void stop(String executionId) {
        ChildJvm.Slot slot = slots.get(executionId);
        if (slot != null) {
            slot.stop();
        }
    }

    /**
     * Runs the stages. The run's child JVM is started when the stage before the first that needs it starts, so
     * that its boot overlaps that stage (and a run that fails earlier starts none), and is closed once the last
     * stage that needs it has ended.
     */
    private void runStages(ProjectRecord project, PipelineSpec pipeline, Executions.Row row, ChildJvm.Slot child,
            int firstChildStage, int lastChildStage) {
        int index = -1;
        for (Stage stage : pipeline.stages()) {
            index++;
            if (index > lastChildStage) {
                child.close();
            }
            if (firstChildStage >= 0 && (index == firstChildStage - 1 || index == firstChildStage)
                    && !ExecutionStatus.valueOf(row.stage(stage.name()).status).isTerminal()) {
                child.startEarly();
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            Executions.StageState st = row.stage(stage.name());
            ExecutionStatus was = ExecutionStatus.valueOf(st.status);
            if (was == ExecutionStatus.Succeeded) {
                continue;
            }
            if (was == ExecutionStatus.InProgress && stage.type() == StageType.ML_PIPELINE) {
                // A model must not be registered twice: if the register step committed, the stage's work is done.
                java.util.List<String> registered = ctx.db().read(tx -> tx.query("SELECT detail FROM ml_steps WHERE"
                        + " execution_id=? AND type='RegisterModel' AND status='Succeeded'", rs -> rs.getString(1), row.id));
                if (registered.isEmpty()) {
                    fail(project, row, stage, "interrupted: the process running this ML pipeline stopped before it ended;"
                            + " start the pipeline again", "");
                    return;
                }
                st.status = ExecutionStatus.Succeeded.name();
                st.endedAt = System.currentTimeMillis();
                st.summary = "registered " + registered.get(0) + " before the process running the stage stopped";
                ctx.db().write(tx -> {
                    fence.check(tx, row.id);
                    Executions.save(tx, row);
                    EventLog.append(tx, project.name(), ProjectEventType.StageSucceeded, row.pipeline + "/" + stage.name(),
                            "Stage " + stage.name() + " of " + row.pipeline + " succeeded: " + st.summary,
                            Map.of("pipeline", row.pipeline, "execution", row.id, "stage", stage.name(), "summary", st.summary));
                    return null;
                });
                continue;
            }
            StageLog log = new StageLog();
            if (was != ExecutionStatus.Queued) {
                log.line("resuming stage " + stage.name() + " after the process running it stopped");
            }
            st.status = ExecutionStatus.InProgress.name();
            st.startedAt = System.currentTimeMillis();
            st.endedAt = null;
            ctx.db().write(tx -> {
                fence.check(tx, row.id);
                Executions.save(tx, row);
                EventLog.append(tx, project.name(), ProjectEventType.StageStarted, row.pipeline + "/" + stage.name(),
                        "Stage " + stage.name() + " of " + row.pipeline + " started",
                        Map.of("pipeline", row.pipeline, "execution", row.id, "stage", stage.name()));
                return null;
            });
            String summary;
            try {
                summary = actions.run(project, pipeline, stage, row, log, child);
            } catch (Fence.Fenced f) {
                // Stopped, failed by another leader, or this process lost the lead: write nothing more.
                LOG.debug("Execution {} fenced at stage {}: {}", row.id, stage.name(), f.getMessage());
                return;
            } catch (StageActions.Superseded s) {
                log.line(s.getMessage());
                saveLog(row, stage, log);
                return;
            } catch (InterruptedException e) {
                // Stopped, or the engine is closing: then the stage stays InProgress and the next leader resumes it.
                Thread.currentThread().interrupt();
                log.line("interrupted: this process is stopping; another process or a later open resumes the run");
                saveLog(row, stage, log);
                return;
            } catch (Exception | LinkageError e) {
                if (Thread.currentThread().isInterrupted() && stage.type() != StageType.ML_PIPELINE) {
                    saveLog(row, stage, log);
                    return;
                }
                LOG.debug("Stage {} of {} failed", stage.name(), row.id, e);
                log.line("FAILED: " + e);
                String reason = DiskFull.is(e) ? DiskFull.reason(e, actions.workDir(project, row.id)) : String.valueOf(e.getMessage());
                fail(project, row, stage, reason, log.text());
                return;
            }
            st.status = ExecutionStatus.Succeeded.name();
            st.endedAt = System.currentTimeMillis();
            st.summary = summary;
            log.line("succeeded: " + summary);
            String text = log.text();
            row.status = ExecutionStatus.InProgress;
            boolean stillOurs = ctx.db().write(tx -> {
                if (fence.refusal(tx, row.id) != null) {
                    return false;
                }
                Executions.save(tx, row);
                tx.update("INSERT OR REPLACE INTO stage_logs(execution_id, stage, log) VALUES(?,?,?)", row.id, stage.name(), text);
                EventLog.append(tx, project.name(), ProjectEventType.StageSucceeded, row.pipeline + "/" + stage.name(),
                        "Stage " + stage.name() + " of " + row.pipeline + " succeeded: " + summary,
                        Map.of("pipeline", row.pipeline, "execution", row.id, "stage", stage.name(), "summary", summary,
                                "durationMillis", Long.toString(st.endedAt - st.startedAt)));
                return true;
            });
            if (!stillOurs) {
                return;
            }
        }
        row.status = ExecutionStatus.Succeeded;
        row.endedAt = System.currentTimeMillis();
        ctx.db().write(tx -> {
            if (fence.refusal(tx, row.id) != null) {
                return null;
            }
            Executions.save(tx, row);
            EventLog.append(tx, project.name(), ProjectEventType.ExecutionEnded, row.pipeline + "/" + row.id,
                    "Pipeline " + row.pipeline + " execution " + row.id + " Succeeded in " + (row.endedAt - row.startedAt) + " ms",
                    Map.of("pipeline", row.pipeline, "execution", row.id, "status", "Succeeded"));
            return null;
        });
    }

    /** Ends a run that the runner itself could not carry on, naming the cause. */
    void failUnexpectedly(ProjectRecord project, String executionId, RuntimeException cause) {
        try {
            Executions.Row row = ctx.db().read(tx -> Executions.get(tx, executionId)).orElse(null);
            if (row == null || row.status.isTerminal()) {
                return;
            }
            PipelineSpec pipeline = project.template().pipeline(row.pipeline).orElseThrow();
            Stage at = pipeline.stages().stream()
                    .filter(s -> !ExecutionStatus.valueOf(row.stage(s.name()).status).isTerminal())
                    .findFirst().orElse(pipeline.stages().get(pipeline.stages().size() - 1));
            fail(project, row, at, "the embedded orchestrator failed: " + cause, "");
        } catch (RuntimeException again) {
            LOG.debug("Could not record the failure of execution {}", executionId, again);
        }
    }

    private void saveLog(Executions.Row row, Stage stage, StageLog log) {
        String text = log.text();
        ctx.db().write(tx -> tx.update("INSERT OR REPLACE INTO stage_logs(execution_id, stage, log) VALUES(?,?,?)", row.id, stage.name(), text));
    }

    private void fail(ProjectRecord project, Executions.Row row, Stage stage, String reason, String log) {
        Executions.StageState st = row.stage(stage.name());
        st.status = ExecutionStatus.Failed.name();
        st.endedAt = System.currentTimeMillis();
        st.summary = reason;
        boolean after = false;
        for (Executions.StageState s : row.stages) {
            if (after && s.status.equals(ExecutionStatus.Queued.name())) {
                s.status = ExecutionStatus.Skipped.name();
            }
            after |= s.name.equals(stage.name());
        }
        row.status = ExecutionStatus.Failed;
        row.endedAt = System.currentTimeMillis();
        ctx.db().write(tx -> {
            // A run already ended (stopped, superseded, failed by another leader) or a lost lead: keep what is there.
            if (fence.refusal(tx, row.id) != null) {
                return null;
            }
            Executions.save(tx, row);
            tx.update("INSERT OR REPLACE INTO stage_logs(execution_id, stage, log) VALUES(?,?,?)", row.id, stage.name(), log);
            EventLog.append(tx, project.name(), ProjectEventType.StageFailed, row.pipeline + "/" + stage.name(),
                    "Stage " + stage.name() + " of " + row.pipeline + " failed: " + reason,
                    Map.of("pipeline", row.pipeline, "execution", row.id, "stage", stage.name(), "reason", reason));
            EventLog.append(tx, project.name(), ProjectEventType.ExecutionEnded, row.pipeline + "/" + row.id,
                    "Pipeline " + row.pipeline + " execution " + row.id + " Failed at " + stage.name(),
                    Map.of("pipeline", row.pipeline, "execution", row.id, "status", "Failed", "stage", stage.name()));
            return null;
        });
    }
}
