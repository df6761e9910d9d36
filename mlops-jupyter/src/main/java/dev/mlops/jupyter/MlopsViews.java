package dev.mlops.jupyter;

import dev.mlops.Environment;
import dev.mlops.Execution;
import dev.mlops.Gate;
import dev.mlops.ModelVersion;
import dev.mlops.Monitors;
import dev.mlops.ProjectStatus;
import dev.mlops.StageExecution;
import dev.mlops.exception.MlopsException;
import dev.mlops.exception.ValidationException;
import dev.mlops.jupyter.internal.DriftDistances;
import dev.mlops.jupyter.internal.Formats;
import dev.mlops.monitor.MonitoringExecution;
import dev.mlops.monitor.MonitoringReport;
import dev.mlops.monitor.MonitoringSchedule;
import dev.mlops.monitor.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Views of the public API's values: project status, executions with their stages, model versions with metrics, gates,
 * environments, monitoring schedules, executions and reports, and charts of metrics over model versions and of drift
 * over monitoring runs. Each method takes a snapshot: call it again to see newer state.
 */
public final class MlopsViews {
    private MlopsViews() {
    }

    /**
     * A project's status: its pipelines, pending gates, latest and approved model versions, and environments.
     *
     * @param status what {@code Project.status()} returned
     * @return a group of four tables
     */
    public static ViewGroup status(ProjectStatus status) {
        TableView.Builder pipelines = TableView.builder("Pipelines").column("pipeline").column("latest execution")
                .statusColumn("status").column("current stage");
        status.pipelines().forEach(p -> pipelines.row(p.pipeline(), p.executionId().orElse(null),
                p.status().map(Enum::name).orElse(null), p.currentStage().orElse(null)));
        TableView.Builder gates = TableView.builder("Pending gates").column("pipeline").column("gate").column("execution")
                .column("model version");
        status.pendingGates().forEach(g -> gates.row(g.pipeline(), g.gate(), g.executionId(),
                g.modelArn().map(MlopsViews::versionOfArn).orElse(null)));
        TableView.Builder models = TableView.builder("Models").column("which").column("version").statusColumn("status")
                .column("arn");
        status.latestModel().ifPresent(m -> models.row("latest", m.version(), m.status().name(), m.arn()));
        status.approvedModel().ifPresent(m -> models.row("approved", m.version(), m.status().name(), m.arn()));
        TableView.Builder envs = TableView.builder("Environments").column("environment").column("endpoint")
                .statusColumn("endpoint status").column("model version");
        status.environments().forEach(e -> envs.row(e.environment(), e.endpointName(), e.endpointStatus(),
                e.modelArn().map(MlopsViews::versionOfArn).orElse(null)));
        return new ViewGroup("Project " + status.project() + " on " + status.backend() + " (read "
                + Formats.time(status.readAt()) + ")", List.of(pipelines.build(), gates.build(), models.build(), envs.build()));
    }

    /**
     * Pipeline executions, one row each.
     *
     * @param executions the executions, e.g. {@code project.pipelines().build().executions()}
     * @return the table
     */
    public static TableView executions(Collection<? extends Execution> executions) {
        TableView.Builder t = TableView.builder("Pipeline executions").column("execution").column("pipeline")
                .statusColumn("status").column("trigger").column("commit").column("started").column("took")
                .column("stages");
        for (Execution e : executions) {
            t.row(e.id(), e.pipeline(), e.status().name(), e.trigger(), Formats.shortCommit(e.sourceCommit().orElse(null)),
                    Formats.time(e.startedAt()), Formats.duration(e.startedAt(), e.endedAt()), stageSummary(e.stages()));
        }
        return t.build();
    }

    /**
     * One execution with a row per stage.
     *
     * @param execution the execution
     * @return the execution's summary and its stages
     */
    public static ViewGroup execution(Execution execution) {
        TableView stages = stages(execution.id(), execution.stages());
        return new ViewGroup("", List.of(executions(List.of(execution)), stages));
    }

    /**
     * Stages of an execution.
     *
     * @param executionId the execution's id, for the title
     * @param stages the stages
     * @return the table
     */
    public static TableView stages(String executionId, List<StageExecution> stages) {
        TableView.Builder t = TableView.builder("Stages of " + executionId).column("stage").column("type")
                .statusColumn("status").column("started").column("took").column("summary");
        for (StageExecution s : stages) {
            t.row(s.name(), s.type().name(), s.status().name(), Formats.time(s.startedAt()),
                    Formats.duration(s.startedAt().orElse(null), s.endedAt()), s.summary());
        }
        return t.build();
    }

    /**
     * Model versions with their approval status and a column per metric (the union of all versions' metrics, by
     * name).
     *
     * @param versions the versions, e.g. {@code project.models().versions()}
     * @return the table
     */
    public static TableView modelVersions(Collection<? extends ModelVersion> versions) {
        List<String> metrics = metricNames(versions);
        String group = versions.stream().map(ModelVersion::group).distinct().collect(Collectors.joining(", "));
        TableView.Builder t = TableView.builder("Model versions" + (group.isEmpty() ? "" : " of " + group)).column("version")
                .statusColumn("status");
        metrics.forEach(t::column);
        t.column("created").column("source commit").column("pipeline execution").column("decision");
        for (ModelVersion v : versions) {
            List<Object> row = new ArrayList<>();
            row.add(v.version());
            row.add(v.status().name());
            metrics.forEach(m -> row.add(v.metrics().containsKey(m) ? Formats.number(v.metrics().get(m)) : null));
            row.add(Formats.time(v.createdAt()));
            row.add(Formats.shortCommit(v.lineage().get("sourceCommit")));
            row.add(v.lineage().get("pipelineExecution"));
            row.add(v.decision().orElse(null));
            t.row(row.toArray());
        }
        return t.build();
    }

    /**
     * A line chart of metrics over model versions, in version order.
     *
     * @param versions the versions
     * @param metrics the metrics to plot; none for every metric any version has
     * @return the chart
     */
    public static ChartView metricsChart(Collection<? extends ModelVersion> versions, String... metrics) {
        List<ModelVersion> sorted = versions.stream().map(v -> (ModelVersion) v)
                .sorted(Comparator.comparingInt(ModelVersion::version)).toList();
        List<String> names = metrics.length == 0 ? metricNames(sorted) : Arrays.asList(metrics);
        String group = sorted.stream().map(ModelVersion::group).distinct().collect(Collectors.joining(", "));
        ChartView.Builder c = ChartView.builder(ChartView.Kind.LINE, "Metrics by model version" + (group.isEmpty() ? "" : " of " + group))
                .axes("model version", String.join(", ", names))
                .categories(sorted.stream().map(v -> "v" + v.version()).toList());
        for (String m : names) {
            c.series(new ChartSeries(m, sorted.stream().map(v -> v.metrics().getOrDefault(m, Double.NaN)).toList()));
        }
        return c.build();
    }

    /**
     * Manual gates with their status and the model version they decide.
     *
     * @param gates the gates, e.g. {@code project.gates().all()}
     * @return the table
     */
    public static TableView gates(Collection<? extends Gate> gates) {
        TableView.Builder t = TableView.builder("Gates").column("gate").column("pipeline").column("execution")
                .statusColumn("status").column("model version").column("created").column("message").column("decision");
        for (Gate g : gates) {
            t.row(g.name(), g.pipeline(), g.executionId(), g.status().name(), g.modelArn().map(MlopsViews::versionOfArn).orElse(null),
                    Formats.time(g.createdAt()), g.message(), g.decision().orElse(null));
        }
        return t.build();
    }

    /**
     * Environments with their endpoint, the model version it serves and its URL.
     *
     * @param environments the environments, e.g. {@code project.environments().all()}
     * @return the table
     */
    public static TableView environments(Collection<? extends Environment> environments) {
        TableView.Builder t = TableView.builder("Environments").column("environment").column("endpoint")
                .column("model version").column("url");
        for (Environment e : environments) {
            Optional<ModelVersion> deployed = e.deployedVersion();
            String url = null;
            if (deployed.isPresent()) {
                try {
                    url = e.endpoint().url().toString();
                } catch (MlopsException notServing) {
                    url = "not serving: " + notServing.getMessage();
                }
            }
            t.row(e.name(), e.endpointName(), deployed.map(v -> v.version()).orElse(null), url);
        }
        return t.build();
    }

    /**
     * Monitoring schedules.
     *
     * @param schedules the schedules, e.g. {@code project.monitors().schedules()}
     * @return the table
     */
    public static TableView schedules(Collection<MonitoringSchedule> schedules) {
        TableView.Builder t = TableView.builder("Monitoring schedules").column("schedule").column("type").column("endpoint")
                .column("expression");
        schedules.forEach(s -> t.row(s.name(), s.type().name(), s.endpoint(), s.expression().text()));
        return t.build();
    }

    /**
     * Monitoring executions with their window, rows, violations and input issues.
     *
     * @param executions the executions, e.g. {@code project.monitors().executions(schedule)}
     * @return the table
     */
    public static TableView monitoringExecutions(Collection<MonitoringExecution> executions) {
        TableView.Builder t = TableView.builder("Monitoring executions").column("execution").column("schedule").column("type")
                .statusColumn("status").column("window").column("rows").column("violations").column("input issues")
                .column("message");
        for (MonitoringExecution e : executions) {
            String issues = e.inputIssues().entrySet().stream().filter(i -> i.getValue() > 0)
                    .map(i -> i.getKey() + " " + i.getValue()).collect(Collectors.joining(", "));
            t.row(e.id(), e.schedule(), e.type().name(), e.status().name(),
                    Formats.time(e.windowStart()) + " – " + Formats.time(e.windowEnd()), e.records(), e.violations(),
                    issues.isEmpty() ? null : issues, e.failureReason().or(e::exitMessage).orElse(null));
        }
        return t.build();
    }

    /**
     * Constraint violations.
     *
     * @param title the table's title
     * @param violations the violations
     * @return the table
     */
    public static TableView violations(String title, Collection<Violation> violations) {
        TableView.Builder t = TableView.builder(title).column("feature").column("check").column("description");
        violations.forEach(v -> t.row(v.featureName(), v.constraintCheckType(), v.description()));
        return t.build();
    }

    /**
     * A monitoring report computed in process ({@code DataQuality.check(...)} and the other analyses): its status, input
     * issues, notes and violations.
     *
     * @param report the report
     * @return the summary and the violations
     */
    public static ViewGroup report(MonitoringReport<?> report) {
        TableView.Builder summary = TableView.builder("Monitoring report").column("status").column("violations")
                .column("input issues").column("notes");
        String issues = report.inputIssues().entrySet().stream().filter(i -> i.getValue() > 0)
                .map(i -> i.getKey() + " " + i.getValue()).collect(Collectors.joining(", "));
        summary.row(report.status(), report.violations().size(), issues.isEmpty() ? null : issues,
                report.notes().isEmpty() ? null : String.join("; ", report.notes()));
        return new ViewGroup("", List.of(summary.build(), violations("Violations", report.violations())));
    }

    /**
     * A monitoring execution of a project and the violations its report lists ({@code constraint_violations.json}).
     *
     * @param monitors the project's monitors
     * @param execution the execution
     * @return the execution and its violations
     */
    public static ViewGroup report(Monitors monitors, MonitoringExecution execution) {
        return new ViewGroup("", List.of(monitoringExecutions(List.of(execution)),
                violations("Violations of " + execution.id(), reportViolations(monitors, execution))));
    }

    /**
     * A line chart of the drift that each run of a data-quality (or other drift-checking) schedule reported: per
     * feature, the distance its {@code baseline_drift_check} violation measured, with the threshold as a dashed line.
     * A run only reports a distance for features whose distance exceeded the threshold, so a missing point means "at
     * or below the threshold"; the chart's second series counts each run's violations of any kind.
     *
     * @param monitors the project's monitors
     * @param schedule the schedule's name
     * @return the chart, runs in the order they were scheduled
     */
    public static ChartView driftChart(Monitors monitors, String schedule) {
        List<MonitoringExecution> runs = new ArrayList<>(monitors.executions(schedule));
        runs.sort(Comparator.comparing(MonitoringExecution::scheduledTime).thenComparing(MonitoringExecution::createdAt));
        Map<MonitoringExecution, List<Violation>> violations = new LinkedHashMap<>();
        runs.forEach(r -> violations.put(r, reportViolations(monitors, r)));
        return driftChart(schedule, violations);
    }

    /**
     * The drift chart of {@link #driftChart(Monitors, String)} from runs and their violations.
     *
     * @param schedule the schedule's name, for the title
     * @param runs each run with the violations its report lists, in the order to plot
     * @return the chart
     */
    public static ChartView driftChart(String schedule, Map<MonitoringExecution, List<Violation>> runs) {
        List<MonitoringExecution> order = new ArrayList<>(runs.keySet());
        TreeSet<String> features = new TreeSet<>();
        List<DriftDistances.Drift> all = new ArrayList<>();
        List<Map<String, Double>> perRun = new ArrayList<>();
        for (MonitoringExecution r : order) {
            Map<String, Double> d = new LinkedHashMap<>();
            for (Violation v : runs.get(r)) {
                DriftDistances.drift(v).ifPresent(x -> {
                    all.add(x);
                    features.add(x.feature());
                    d.merge(x.feature(), x.distance(), Math::max);
                });
            }
            perRun.add(d);
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            labels.add("#" + (i + 1) + " " + Formats.time(order.get(i).scheduledTime()).substring(11, 16));
        }
        ChartView.Builder c = ChartView.builder(ChartView.Kind.LINE, "Drift by monitoring run of " + schedule)
                .axes("monitoring run (scheduled, UTC)", "distance from baseline").categories(labels);
        for (String f : features) {
            c.series(new ChartSeries(f, perRun.stream().map(m -> m.getOrDefault(f, Double.NaN)).toList()));
        }
        OptionalDouble threshold = DriftDistances.threshold(all);
        threshold.ifPresent(t -> c.threshold(t, "threshold"));
        String counts = "violations per run: " + order.stream().map(r -> String.valueOf(runs.get(r).size()))
                .collect(Collectors.joining(", "));
        c.note("A run reports a feature's distance only when it exceeds the threshold; no point means at or below it. "
                + counts + ".");
        return c.build();
    }

    /**
     * The violations a monitoring execution's report lists.
     *
     * @param monitors the project's monitors
     * @param execution the execution
     * @return the violations, empty when the report has no {@code constraint_violations.json} (none found, or a kind
     *     of monitor that writes none)
     */
    public static List<Violation> reportViolations(Monitors monitors, MonitoringExecution execution) {
        if (execution.reportUri().isEmpty() || !monitors.reportFiles(execution).contains("constraint_violations.json")) {
            return List.of();
        }
        return DriftDistances.violations(monitors.reportFile(execution, "constraint_violations.json"));
    }

    /**
     * The view of a value of the API, as a kernel's renderer shows it: {@link ProjectStatus}, {@link Execution},
     * {@link ModelVersion}, {@link Gate}, {@link Environment}, {@link MonitoringSchedule}, {@link MonitoringExecution},
     * {@link MonitoringReport}, {@link Violation}, a {@link View}, or a non-empty list whose elements are all one of
     * these element types.
     *
     * @param value the value
     * @return its view, empty for anything else (which then shows as text)
     */
    public static Optional<View> of(Object value) {
        if (value instanceof View v) {
            return Optional.of(v);
        }
        if (value instanceof ProjectStatus s) {
            return Optional.of(status(s));
        }
        if (value instanceof Execution e) {
            return Optional.of(execution(e));
        }
        if (value instanceof MonitoringReport<?> r) {
            return Optional.of(report(r));
        }
        if (value instanceof Collection<?> c && !c.isEmpty()) {
            return ofList(c);
        }
        if (value instanceof ModelVersion || value instanceof Gate || value instanceof Environment
                || value instanceof MonitoringSchedule || value instanceof MonitoringExecution || value instanceof Violation) {
            return ofList(List.of(value));
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Optional<View> ofList(Collection<?> c) {
        if (c.stream().allMatch(ModelVersion.class::isInstance)) {
            return Optional.of(modelVersions((Collection<ModelVersion>) c));
        }
        if (c.stream().allMatch(Execution.class::isInstance)) {
            return Optional.of(executions((Collection<Execution>) c));
        }
        if (c.stream().allMatch(Gate.class::isInstance)) {
            return Optional.of(gates((Collection<Gate>) c));
        }
        if (c.stream().allMatch(Environment.class::isInstance)) {
            return Optional.of(environments((Collection<Environment>) c));
        }
        if (c.stream().allMatch(MonitoringSchedule.class::isInstance)) {
            return Optional.of(schedules((Collection<MonitoringSchedule>) c));
        }
        if (c.stream().allMatch(MonitoringExecution.class::isInstance)) {
            return Optional.of(monitoringExecutions((Collection<MonitoringExecution>) c));
        }
        if (c.stream().allMatch(Violation.class::isInstance)) {
            return Optional.of(violations("Violations", (Collection<Violation>) c));
        }
        return Optional.empty();
    }

    private static List<String> metricNames(Collection<? extends ModelVersion> versions) {
        TreeSet<String> names = new TreeSet<>();
        versions.forEach(v -> names.addAll(v.metrics().keySet()));
        return List.copyOf(names);
    }

    private static String stageSummary(List<StageExecution> stages) {
        return stages.stream().map(s -> s.name() + " " + s.status().name()).collect(Collectors.joining(", "));
    }

    /** "arn:…:model-package/group/3" → "3"; anything else as it is. */
    static String versionOfArn(String arn) {
        int slash = arn.lastIndexOf('/');
        String tail = slash < 0 ? arn : arn.substring(slash + 1);
        return tail.matches("\\d+") ? tail : arn;
    }

    /**
     * Puts views into one self-contained HTML document (UTF-8, no external resources), for files and browsers.
     *
     * @param title the document's title
     * @param views the views, in order
     * @return the document
     * @throws ValidationException if the title is null
     */
    public static String document(String title, View... views) {
        if (title == null) {
            throw new ValidationException("document.title", null, "non-null");
        }
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"color-scheme\" content=\"light dark\"><title>")
                .append(dev.mlops.jupyter.internal.Html.escape(title)).append("</title></head>")
                .append("<body style=\"margin:16px\">");
        for (View v : views) {
            b.append(v.html());
        }
        return b.append("</body></html>\n").toString();
    }
}
