package dev.mlops.local.internal;

import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.monitor.MonitorJob;
import dev.mlops.monitor.MonitorJobResult;
import dev.mlops.monitor.MonitorJson;
import dev.mlops.monitor.MonitoringExecution;
import dev.mlops.monitor.MonitoringExecutionStatus;
import dev.mlops.monitor.MonitoringSchedule;
import dev.mlops.monitor.MonitoringType;
import dev.mlops.monitor.ScheduleExpression;
import dev.mlops.monitor.capture.CaptureFiles;
import dev.mlops.monitor.capture.GroundTruthRecord;
import dev.mlops.monitor.bias.BiasConfig;
import dev.mlops.monitor.quality.ModelQuality;
import dev.mlops.monitor.quality.ProblemType;
import dev.mlops.spi.MonitorRunner;
import dev.mlops.spi.ProjectRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Model Monitor: schedules and executions in the state store, run by the leading process at their
 * cron times (or at once for {@code NOW}) and on demand, over the endpoint's captured data. Reports go to
 * {@code <home>/projects/<project>/monitoring/reports/{endpoint}/{schedule}/yyyy/MM/dd/HH/}, as SageMaker writes
 * them under the schedule's output URI; baselines to {@code monitoring/baselines/{schedule}/}; ground truth to
 * {@code groundtruth/{endpoint}/yyyy/MM/dd/HH/}.
 *
 * <p>All four monitoring types run here, each as a {@link MonitorJob}: this class supplies its inputs (the window's
 * captures, the ground truth, the schedule's baseline files and settings and, for bias and explainability, the
 * model version the schedule was deployed for, {@code ModelPackageName}) and stores its result. Every execution's
 * input issues include {@code captureRecordsDropped}: records the endpoint's capture dropped since it was last
 * configured (capture is best-effort).
 */
final class LocalMonitors implements MonitorRunner {
    @Override
    public String backend() {
        return LocalContext.BACKEND;
    }

    @Override
    public dev.mlops.spi.WaitPolicy waitPolicy() {
        return ctx.waitPolicy();
    }

    @Override
    public java.util.Set<dev.mlops.template.Capability> capabilities() {
        return java.util.Set.of(dev.mlops.template.Capability.MODEL_MONITOR);
    }

    private static final Logger LOG = LoggerFactory.getLogger(LocalMonitors.class);
    private static final DateTimeFormatter HOUR_DIR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GT_FILE = DateTimeFormatter.ofPattern("mmss").withZone(ZoneOffset.UTC);

    private final LocalContext ctx;
    private final DataCapture capture;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> scheduleLocks = new ConcurrentHashMap<>();
    private final Function<String, ModelPredictor> models;
    private final Map<String, ModelPredictor> loaded = new ConcurrentHashMap<>();

    /** Without models: bias and explainability executions fail saying so (tests of the other types). */
    LocalMonitors(LocalContext ctx, DataCapture capture) {
        this(ctx, capture, null);
    }

    /**
     * @param models loads the served inference pipeline of a model version by its ARN
     */
    LocalMonitors(LocalContext ctx, DataCapture capture, Function<String, ModelPredictor> models) {
        this.ctx = ctx;
        this.capture = capture;
        this.models = models;
    }

    Path monitoringDir(String project) {
        return ctx.projectDir(project).resolve("monitoring");
    }

    Path baselineDir(String project, String schedule) {
        return monitoringDir(project).resolve("baselines").resolve(schedule);
    }

    Path groundTruthDir(String project, String endpoint) {
        return ctx.projectDir(project).resolve("groundtruth").resolve(endpoint);
    }

    // ---- schedules ----

    /**
     * Creates or updates a schedule with its baseline files (copied), as the monitor pipeline's deploy stage does.
     * A new cron schedule first runs at its next scheduled time; a NOW schedule runs once at the next tick.
     */
    void put(ProjectRecord project, String environment, MonitoringSchedule schedule, Path baseline) throws IOException {
        Path dir = baselineDir(project.name(), schedule.name());
        if (baseline != null) {
            OwnerOnly.createDirectories(dir);
            try (Stream<Path> files = Files.list(baseline)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    OwnerOnly.restrict(dir.resolve(f.getFileName()));
                }
            }
        }
        long now = ctx.clock().millis();
        Long last = schedule.expression().isOneOff() ? null
                : schedule.expression().latestAtOrBefore(ctx.clock().instant()).toEpochMilli();
        ScheduleExpression e = schedule.expression();
        ctx.db().write(tx -> tx.update("INSERT INTO monitoring_schedules(name, project, endpoint, environment, type,"
                + " expression, window_start, window_end, settings_json, status, last_run_time, created_at, updated_at)"
                + " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(name) DO UPDATE SET endpoint=excluded.endpoint,"
                + " environment=excluded.environment, type=excluded.type, expression=excluded.expression,"
                + " window_start=excluded.window_start, window_end=excluded.window_end, settings_json=excluded.settings_json,"
                + " status=excluded.status, updated_at=excluded.updated_at,"
                + " last_run_time=CASE WHEN monitoring_schedules.expression=excluded.expression"
                + " THEN monitoring_schedules.last_run_time ELSE excluded.last_run_time END",
                schedule.name(), project.name(), schedule.endpoint(), environment, schedule.type().name(), e.text(),
                e.dataAnalysisStartTime().map(Object::toString).orElse(null),
                e.dataAnalysisEndTime().map(Object::toString).orElse(null), Json.write(schedule.settings()), "Scheduled",
                last, now, now));
    }

    /** Deletes a schedule (its past executions and reports stay). */
    void delete(ProjectRecord project, String schedule) {
        ctx.db().write(tx -> tx.update("DELETE FROM monitoring_schedules WHERE project=? AND name=?", project.name(), schedule));
    }

    @Override
    public List<MonitoringSchedule> schedules(ProjectRecord project) {
        return ctx.db().read(tx -> tx.query("SELECT name, endpoint, type, expression, window_start, window_end, settings_json"
                + " FROM monitoring_schedules WHERE project=? ORDER BY name", LocalMonitors::schedule, project.name()));
    }

    private static MonitoringSchedule schedule(ResultSet rs) throws SQLException {
        return MonitoringSchedule.builder(rs.getString(1), rs.getString(2))
                .type(MonitoringType.valueOf(rs.getString(3)))
                .expression(ScheduleExpression.parse(rs.getString(4), rs.getString(5), rs.getString(6)))
                .settings(Json.stringMap(rs.getString(7)))
                .build();
    }

    private MonitoringSchedule require(ProjectRecord project, String name) {
        return schedules(project).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("monitoring schedule", name, "the monitor pipeline of project "
                        + project.name() + " has deployed " + schedules(project).stream().map(MonitoringSchedule::name).toList()));
    }

    // ---- executions ----

    @Override
    public List<MonitoringExecution> executions(ProjectRecord project, String schedule) {
        require(project, schedule);
        return ctx.db().read(tx -> tx.query("SELECT id, schedule, endpoint, type, scheduled_time, window_start, window_end,"
                + " status, failure_reason, exit_message, violations, records, issues_json, report_dir, created_at, ended_at"
                + " FROM monitoring_executions WHERE project=? AND schedule=? ORDER BY created_at DESC, rowid DESC",
                this::execution, project.name(), schedule));
    }

    /** An execution row; its report directory is stored relative to the home and read as a path under this one. */
    private MonitoringExecution execution(ResultSet rs) throws SQLException {
        long ended = rs.getLong(16);
        boolean hasEnd = !rs.wasNull();
        Map<String, Long> issues = new LinkedHashMap<>();
        Json.tree(rs.getString(13)).fields().forEachRemaining(e -> issues.put(e.getKey(), e.getValue().asLong()));
        return new MonitoringExecution(rs.getString(1), rs.getString(2), rs.getString(3),
                MonitoringType.valueOf(rs.getString(4)), Instant.ofEpochMilli(rs.getLong(5)),
                Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)),
                MonitoringExecutionStatus.valueOf(rs.getString(8)), Optional.ofNullable(rs.getString(9)),
                Optional.ofNullable(rs.getString(10)), rs.getInt(11), rs.getLong(12), issues,
                Optional.ofNullable(rs.getString(14)).map(d -> ctx.home().resolve(d).toString()),
                Instant.ofEpochMilli(rs.getLong(15)),
                hasEnd ? Optional.of(Instant.ofEpochMilli(ended)) : Optional.empty());
    }

    @Override
    public MonitoringExecution runNow(ProjectRecord project, String name) {
        MonitoringSchedule s = require(project, name);
        // capture times have second precision: end the window after the current second so it holds what was just sent
        Instant now = ctx.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
        Instant[] window;
        if (s.expression().isOneOff()) {
            window = s.expression().window(now);
        } else {
            Instant run = s.expression().latestAtOrBefore(now);
            window = new Instant[] {now.minus(java.time.Duration.between(s.expression().previousBefore(run), run)), now};
        }
        String id = create(project, s, now, window);
        return execute(project, s, id, now, window);
    }

    /**
     * Claims the schedules that are due at the clock's time and runs them on {@code executor} (the leader calls
     * this from its loop). Only the latest missed run of a cron schedule runs, as SageMaker does not backfill.
     */
    void runDue(ProjectRecord project, Executor executor) {
        Instant now = ctx.clock().instant();
        List<Object[]> due = ctx.db().write(tx -> {
            List<Object[]> out = new ArrayList<>();
            List<Object[]> rows = tx.query("SELECT name, endpoint, type, expression, window_start, window_end, settings_json,"
                    + " last_run_time FROM monitoring_schedules WHERE project=? AND status='Scheduled'",
                    rs -> {
                        long last = rs.getLong(8);
                        Long lastRun = rs.wasNull() ? null : last;
                        return new Object[] {schedule(rs), lastRun};
                    }, project.name());
            for (Object[] r : rows) {
                MonitoringSchedule s = (MonitoringSchedule) r[0];
                Long last = (Long) r[1];
                Instant runTime;
                Instant[] window;
                if (s.expression().isOneOff()) {
                    if (last != null) {
                        continue;
                    }
                    runTime = now;
                    window = s.expression().window(now);
                    tx.update("UPDATE monitoring_schedules SET last_run_time=?, status='Completed' WHERE name=?",
                            now.toEpochMilli(), s.name());
                } else {
                    runTime = s.expression().latestAtOrBefore(now);
                    if (last != null && runTime.toEpochMilli() <= last) {
                        continue;
                    }
                    window = s.expression().window(runTime);
                    tx.update("UPDATE monitoring_schedules SET last_run_time=? WHERE name=?", runTime.toEpochMilli(), s.name());
                }
                out.add(new Object[] {s, createIn(tx, project, s, runTime, window), runTime, window});
            }
            return out;
        });
        for (Object[] d : due) {
            MonitoringSchedule s = (MonitoringSchedule) d[0];
            executor.execute(() -> execute(project, s, (String) d[1], (Instant) d[2], (Instant[]) d[3]));
        }
    }

    /** Applies capture retention to the project's endpoints (the leader calls this from its loop). */
    void retainCaptures(ProjectRecord project, Executor executor) {
        capture.enforceRetention(project.name(), executor);
    }

    private String create(ProjectRecord project, MonitoringSchedule s, Instant runTime, Instant[] window) {
        return ctx.db().write(tx -> createIn(tx, project, s, runTime, window));
    }

    private String createIn(Db.Tx tx, ProjectRecord project, MonitoringSchedule s, Instant runTime, Instant[] window)
            throws SQLException {
        String id = "monitoring-" + LocalContext.randomId(12);
        tx.update("INSERT INTO monitoring_executions(id, project, schedule, endpoint, type, scheduled_time, window_start,"
                + " window_end, status, violations, records, issues_json, created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)",
                id, project.name(), s.name(), s.endpoint(), s.type().name(), runTime.toEpochMilli(),
                window[0].toEpochMilli(), window[1].toEpochMilli(), MonitoringExecutionStatus.Pending.name(), 0, 0, "{}",
                ctx.clock().millis());
        return id;
    }

    /** Runs one execution to its end; never throws: a failure is recorded as status Failed with the reason. */
    private MonitoringExecution execute(ProjectRecord project, MonitoringSchedule s, String id, Instant runTime,
            Instant[] window) {
        if (!running.add(id)) {
            throw new IllegalStateException("execution " + id + " is already running");
        }
        try {
            ctx.db().write(tx -> tx.update("UPDATE monitoring_executions SET status=? WHERE id=?",
                    MonitoringExecutionStatus.InProgress.name(), id));
            // one run of a schedule at a time, as in SageMaker: a run that takes the hour's report folder finds the
            // earlier run of that hour recorded with it (writeReport)
            synchronized (scheduleLocks.computeIfAbsent(project.name() + "/" + s.name(), k -> new Object())) {
                record(project, s, id, analyse(project, s, id, runTime, window));
            }
            return ctx.db().read(tx -> tx.query("SELECT id, schedule, endpoint, type, scheduled_time, window_start,"
                    + " window_end, status, failure_reason, exit_message, violations, records, issues_json, report_dir,"
                    + " created_at, ended_at FROM monitoring_executions WHERE id=?", this::execution, id)).get(0);
        } finally {
            running.remove(id);
        }
    }

    private Outcome analyse(ProjectRecord project, MonitoringSchedule s, String id, Instant runTime, Instant[] window) {
        try {
            return analyse(project, s, runTime, window);
        } catch (RuntimeException | IOException e) {
            LOG.debug("Monitoring execution {} of {} failed", id, s.name(), e);
            return Outcome.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Records an execution's outcome, and raises MonitorViolations when it found some. */
    private void record(ProjectRecord project, MonitoringSchedule s, String id, Outcome out) {
        ctx.db().write(tx -> {
            tx.update("UPDATE monitoring_executions SET status=?, failure_reason=?, exit_message=?, violations=?, records=?,"
                    + " issues_json=?, report_dir=?, ended_at=? WHERE id=?", out.status.name(), out.failureReason,
                    out.exitMessage, out.violations, out.records, Json.write(out.issues),
                    out.reportDir == null ? null : relative(out.reportDir),
                    ctx.clock().millis(), id);
            if (out.violations > 0) {
                Map<String, String> detail = new LinkedHashMap<>();
                detail.put("schedule", s.name());
                detail.put("endpoint", s.endpoint());
                detail.put("monitoringType", s.type().name());
                detail.put("execution", id);
                detail.put("violations", Integer.toString(out.violations));
                detail.put("checks", out.checks);
                detail.put("report", out.reportDir.toString());
                EventLog.append(tx, project.name(), ProjectEventType.MonitorViolations, s.name(),
                        "Monitoring schedule " + s.name() + " found " + out.violations + " violation(s) on "
                                + s.endpoint() + " (" + out.checks + "); report " + out.reportDir, detail);
            }
            return null;
        });
    }

    /** What an analysis produced. */
    private static final class Outcome {
        MonitoringExecutionStatus status;
        String failureReason;
        String exitMessage;
        int violations;
        long records;
        Map<String, Long> issues = Map.of();
        Path reportDir;
        String checks = "";

        static Outcome failed(String reason) {
            Outcome o = new Outcome();
            o.status = MonitoringExecutionStatus.Failed;
            o.failureReason = reason;
            o.exitMessage = "Failed: " + reason;
            return o;
        }
    }

    private Outcome analyse(ProjectRecord project, MonitoringSchedule s, Instant runTime, Instant[] window) throws IOException {
        capture.roll(s.endpoint());
        Path captures = capture.root(project.name()).resolve(s.endpoint());
        OwnerOnly.createDirectories(captures); // nothing captured yet is an empty window, not an error
        CaptureFiles files = CaptureFiles.in(captures).between(window[0], window[1]);
        switch (s.type()) {
            case DataQuality:
                return withDropped(dataQuality(project, s, runTime, files), s.endpoint());
            case ModelQuality:
                return withDropped(modelQuality(project, s, runTime, files), s.endpoint());
            case ModelBias:
                return withDropped(modelBias(project, s, runTime, files), s.endpoint());
            case ModelExplainability:
                return withDropped(modelExplainability(project, s, runTime, files), s.endpoint());
            default:
                throw new IllegalStateException("unknown monitoring type " + s.type());
        }
    }

    /** Adds the endpoint's dropped capture records to an outcome's input issues. */
    private Outcome withDropped(Outcome o, String endpoint) {
        Map<String, Long> issues = new LinkedHashMap<>(o.issues);
        issues.put("captureRecordsDropped", capture.dropped(endpoint));
        o.issues = issues;
        return o;
    }

    private ModelPredictor model(MonitoringSchedule s) {
        String arn = s.settings().getOrDefault("ModelPackageName", "");
        if (arn.isBlank()) {
            throw new MlopsClientException("Monitoring schedule " + s.name() + " names no model version"
                    + " (ModelPackageName): redeploy it through the monitor pipeline", null, Map.of("schedule", s.name()));
        }
        if (models == null) {
            throw new MlopsClientException("Monitoring schedule " + s.name() + " needs model version " + arn
                    + ", and this monitor runner was built without a model loader", null, Map.of("schedule", s.name()));
        }
        return loaded.computeIfAbsent(arn, models);
    }

    /**
     * The schedule's GroundTruthInput: a {@code file:} URI or absolute path, else the project's own ground-truth
     * folder, created when nothing was uploaded yet (no label is a report, not an error).
     */
    private Path groundTruthPath(ProjectRecord project, MonitoringSchedule s) throws IOException {
        String gtSetting = s.settings().getOrDefault("GroundTruthInput", "");
        if (gtSetting.startsWith("file:")) {
            return Path.of(java.net.URI.create(gtSetting));
        }
        if (Path.of(gtSetting).isAbsolute()) {
            return Path.of(gtSetting);
        }
        Path own = groundTruthDir(project.name(), s.endpoint());
        OwnerOnly.createDirectories(own);
        return own;
    }

    /**
     * Bias drift: captured requests with their predictions joined with ground truth by inference id, analysed with
     * the schedule's Bias* settings, and the post-training metrics checked against the baseline analysis
     * ({@link MonitorJob}, {@link MonitoringType#ModelBias}).
     */
    private Outcome modelBias(ProjectRecord project, MonitoringSchedule s, Instant runTime, CaptureFiles files)
            throws IOException {
        Path baselineDir = baselineDir(project.name(), s.name());
        if (!Files.isRegularFile(baselineDir.resolve("analysis.json"))) {
            return Outcome.failed("No bias baseline for schedule " + s.name() + ": expected analysis.json in "
                    + baselineDir + " (the monitor pipeline's Build stage writes it)");
        }
        ModelPredictor model = model(s);
        BiasConfig config = ModelAnalyses.biasConfig(s.settings(), model.featureNames());
        return outcome(project, s, runTime, MonitorJob.monitor(MonitoringType.ModelBias)
                .endpointName(s.endpoint()).scheduleName(s.name())
                .captures(files).groundTruth(groundTruthPath(project, s))
                .featureNames(model.featureNames()).biasConfig(config)
                .baseline(baselineDir)
                .build());
    }

    /**
     * Feature-attribution drift: Kernel SHAP of the served inference pipeline over the raw rows captured in the
     * window, against the baseline's SHAP baseline row, and nDCG of the global ranking against the baseline
     * attributions ({@link MonitorJob}, {@link MonitoringType#ModelExplainability}).
     */
    private Outcome modelExplainability(ProjectRecord project, MonitoringSchedule s, Instant runTime, CaptureFiles files)
            throws IOException {
        Path baselineDir = baselineDir(project.name(), s.name());
        if (!Files.isRegularFile(baselineDir.resolve("analysis.json"))
                || !Files.isRegularFile(baselineDir.resolve("analysis_config.json"))) {
            return Outcome.failed("No explainability baseline for schedule " + s.name() + ": expected analysis.json and"
                    + " analysis_config.json in " + baselineDir + " (the monitor pipeline's Build stage writes them)");
        }
        return outcome(project, s, runTime, MonitorJob.monitor(MonitoringType.ModelExplainability)
                .endpointName(s.endpoint()).scheduleName(s.name())
                .captures(files).model(model(s))
                .baseline(baselineDir)
                .build());
    }

    private Outcome dataQuality(ProjectRecord project, MonitoringSchedule s, Instant runTime, CaptureFiles files)
            throws IOException {
        Path baselineDir = baselineDir(project.name(), s.name());
        if (!Files.isRegularFile(baselineDir.resolve("statistics.json")) || !Files.isRegularFile(baselineDir.resolve("constraints.json"))) {
            return Outcome.failed("No data-quality baseline for schedule " + s.name() + ": expected statistics.json and"
                    + " constraints.json in " + baselineDir + " (the monitor pipeline's Build stage writes them)");
        }
        return outcome(project, s, runTime, MonitorJob.monitor(MonitoringType.DataQuality)
                .endpointName(s.endpoint()).scheduleName(s.name())
                .captures(files)
                .baseline(baselineDir)
                .build());
    }

    /**
     * Model quality: captured predictions merged with ground truth by inference id, metrics computed for the
     * schedule's {@code ProblemType}, and checked against the baseline's constraints when there are some.
     */
    private Outcome modelQuality(ProjectRecord project, MonitoringSchedule s, Instant runTime, CaptureFiles files)
            throws IOException {
        ProblemType type = problemType(s.settings().getOrDefault("ProblemType", "Regression"));
        ModelQuality mq = type == ProblemType.REGRESSION ? ModelQuality.regression()
                : type == ProblemType.BINARY_CLASSIFICATION ? ModelQuality.binaryClassification()
                : ModelQuality.multiclassClassification();
        Path baselineDir = baselineDir(project.name(), s.name());
        MonitorJob.Builder job = MonitorJob.monitor(MonitoringType.ModelQuality)
                .endpointName(s.endpoint()).scheduleName(s.name())
                .captures(files).groundTruth(groundTruthPath(project, s))
                .modelQuality(mq.withEvaluationTime(runTime));
        if (Files.isRegularFile(baselineDir.resolve("constraints.json"))) {
            job.baseline(baselineDir);
        }
        return outcome(project, s, runTime, job.build());
    }

    /**
     * Runs a monitoring job: a failure is recorded with its reason and input issues; otherwise the report files go
     * to a new report directory of the schedule.
     */
    private Outcome outcome(ProjectRecord project, MonitoringSchedule s, Instant runTime, MonitorJob job)
            throws IOException {
        MonitorJobResult r = job.run();
        if (r.status() == MonitoringExecutionStatus.Failed) {
            Outcome o = Outcome.failed(r.failureReason().orElseThrow());
            o.issues = r.inputIssues();
            return o;
        }
        Path dir = writeReport(project, s, runTime, r);
        Outcome o = new Outcome();
        o.status = r.status();
        o.exitMessage = r.exitMessage();
        o.violations = r.violations().size();
        o.records = r.records();
        o.issues = r.inputIssues();
        o.reportDir = dir;
        o.checks = summarize(r.checks());
        return o;
    }

    private static ProblemType problemType(String text) {
        switch (text.replace("_", "").replace(" ", "").toLowerCase(Locale.ROOT)) {
            case "regression":
                return ProblemType.REGRESSION;
            case "binaryclassification":
                return ProblemType.BINARY_CLASSIFICATION;
            case "multiclassclassification":
                return ProblemType.MULTICLASS_CLASSIFICATION;
            default:
                throw new MlopsClientException("ProblemType = \"" + text + "\" is invalid: use Regression,"
                        + " BinaryClassification or MulticlassClassification", null, Map.of("ProblemType", text));
        }
    }

    private static String summarize(List<String> checks) {
        if (checks.size() <= 8) {
            return String.join(", ", checks);
        }
        return String.join(", ", checks.subList(0, 8)) + ", … " + (checks.size() - 8) + " more";
    }

    /**
     * Writes a report to {@code {output}/{endpoint}/{schedule}/yyyy/MM/dd/HH/}, SageMaker's layout, where
     * {@code HH} is the hour of the run. SageMaker runs a schedule at most once an hour, so the folder has one
     * report; a second run in the same hour ({@code runNow}) takes the folder, as a rerun would overwrite the same
     * keys in S3, and the report it replaces is moved, not lost, to
     * {@code monitoring/superseded/{endpoint}/{schedule}/{execution}/}, outside the layout, with its execution
     * pointing there. The report is written to a folder of its own first and moved into place whole.
     */
    private Path writeReport(ProjectRecord project, MonitoringSchedule s, Instant runTime, MonitorJobResult r)
            throws IOException {
        Path monitoring = monitoringDir(project.name());
        Path dir = monitoring.resolve("reports").resolve(s.endpoint()).resolve(s.name()).resolve(HOUR_DIR.format(runTime));
        Path staged = OwnerOnly.createDirectories(monitoring.resolve("tmp")).resolve(UUID.randomUUID().toString());
        OwnerOnly.createDirectories(staged);
        try {
            r.writeTo(staged);
            if (Files.exists(dir)) {
                supersede(project, s, dir);
            }
            OwnerOnly.createDirectories(dir.getParent());
            Files.move(staged, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(staged);
        }
        return dir;
    }

    /** Moves an hour's earlier report out of the layout, and its execution's report location with it. */
    private void supersede(ProjectRecord project, MonitoringSchedule s, Path dir) throws IOException {
        String relative = relative(dir);
        List<String> ids = ctx.db().read(tx -> tx.query("SELECT id FROM monitoring_executions WHERE project=? AND"
                + " report_dir=?", rs -> rs.getString(1), project.name(), relative));
        String name = ids.isEmpty() ? "unrecorded-" + UUID.randomUUID() : ids.get(0);
        Path target = monitoringDir(project.name()).resolve("superseded").resolve(s.endpoint()).resolve(s.name())
                .resolve(name);
        OwnerOnly.createDirectories(target.getParent());
        Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
        ctx.db().write(tx -> tx.update("UPDATE monitoring_executions SET report_dir=? WHERE project=? AND report_dir=?",
                relative(target), project.name(), relative));
    }

    private String relative(Path dir) {
        return ctx.home().relativize(dir.toAbsolutePath().normalize()).toString();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public List<String> reportFiles(ProjectRecord project, MonitoringExecution execution) {
        if (execution.reportUri().isEmpty()) {
            return List.of();
        }
        Path dir = Path.of(execution.reportUri().get());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot list report " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] readReportFile(ProjectRecord project, MonitoringExecution execution, String fileName) {
        if (!reportFiles(project, execution).contains(fileName)) {
            throw new NotFoundException("report file", fileName, "execution " + execution.id() + " wrote "
                    + reportFiles(project, execution));
        }
        try {
            return Files.readAllBytes(Path.of(execution.reportUri().get()).resolve(fileName));
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot read " + fileName + " of execution " + execution.id() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String addGroundTruth(ProjectRecord project, String endpoint, List<GroundTruthRecord> records) {
        Instant now = ctx.clock().instant();
        Path dir = groundTruthDir(project.name(), endpoint).resolve(HOUR_DIR.format(now));
        Path file = dir.resolve(GT_FILE.format(now) + "-" + UUID.randomUUID() + ".jsonl");
        StringBuilder sb = new StringBuilder();
        for (GroundTruthRecord r : records) {
            sb.append(r.toJsonLine()).append('\n');
        }
        try {
            OwnerOnly.createDirectories(dir);
            // hidden name first, then an atomic move, so a monitor never reads half a file
            MonitorJson.writeAtomically(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot write ground truth to " + file + ": " + e.getMessage(), e);
        }
        return file.toString();
    }
}
