package dev.mlops.monitor;

import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one {@link MonitorJob} produced: its status, the report files with the names and bytes SageMaker Model Monitor
 * and Clarify write, the violations, the number of records analysed and the input problems counted on the way.
 * Immutable.
 *
 * <p>Files by job:
 * <ul>
 *   <li>data-quality baseline: {@code statistics.json}, {@code constraints.json}; execution: {@code statistics.json},
 *       {@code constraint_violations.json}, {@code constraints.json};</li>
 *   <li>model-quality baseline: {@code statistics.json}, {@code constraints.json}; execution: {@code statistics.json}
 *       and, with constraints, {@code constraint_violations.json} and {@code constraints.json};</li>
 *   <li>bias baseline: {@code analysis.json}; execution: {@code analysis.json}, {@code constraint_violations.json};</li>
 *   <li>explainability baseline: {@code analysis.json}, {@code analysis_config.json}; execution:
 *       {@code analysis.json}, {@code constraint_violations.json}.</li>
 * </ul>
 * A failed job ({@link MonitoringExecutionStatus#Failed}) has no file, a failure reason and still its input issues.
 */
public final class MonitorJobResult {
    private final MonitoringType type;
    private final MonitorJob.Kind kind;
    private final MonitoringExecutionStatus status;
    private final String failureReason;
    private final long records;
    private final Map<String, Long> inputIssues;
    private final List<Violation> violations;
    private final List<String> checks;
    private final Map<String, byte[]> files;
    private final Object report;

    private MonitorJobResult(MonitoringType type, MonitorJob.Kind kind, MonitoringExecutionStatus status,
            String failureReason, long records, Map<String, Long> inputIssues, List<Violation> violations,
            List<String> checks, Map<String, byte[]> files, Object report) {
        this.type = type;
        this.kind = kind;
        this.status = status;
        this.failureReason = failureReason;
        this.records = records;
        this.inputIssues = Collections.unmodifiableMap(new LinkedHashMap<>(inputIssues));
        this.violations = List.copyOf(violations);
        this.checks = List.copyOf(checks);
        Map<String, byte[]> copy = new LinkedHashMap<>();
        files.forEach((name, bytes) -> copy.put(name, bytes.clone()));
        this.files = Collections.unmodifiableMap(copy);
        this.report = report;
    }

    /** A job that finished: Completed, or CompletedWithViolations when there is a violation. */
    static MonitorJobResult completed(MonitorJob job, long records, Map<String, Long> inputIssues,
            List<Violation> violations, List<String> checks, Map<String, byte[]> files, Object report) {
        if (violations.size() != checks.size()) {
            throw new IllegalArgumentException("one check name per violation");
        }
        return new MonitorJobResult(job.type(), job.kind(), violations.isEmpty() ? MonitoringExecutionStatus.Completed
                : MonitoringExecutionStatus.CompletedWithViolations, null, records, inputIssues, violations, checks,
                files, report);
    }

    /** A job that found nothing it could analyse. */
    static MonitorJobResult failed(MonitorJob job, String reason, Map<String, Long> inputIssues) {
        return new MonitorJobResult(job.type(), job.kind(), MonitoringExecutionStatus.Failed, reason, 0, inputIssues,
                List.of(), List.of(), Map.of(), null);
    }

    /** The UTF-8 bytes of a file's text. */
    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The monitoring type of the job.
     *
     * @return the type
     */
    public MonitoringType type() {
        return type;
    }

    /**
     * Whether the job suggested a baseline or checked data against one.
     *
     * @return the kind
     */
    public MonitorJob.Kind kind() {
        return kind;
    }

    /**
     * {@code Completed}, {@code CompletedWithViolations} or {@code Failed}, as SageMaker reports an execution.
     *
     * @return the status
     */
    public MonitoringExecutionStatus status() {
        return status;
    }

    /**
     * Why the job failed.
     *
     * @return the reason, present exactly when the status is {@code Failed}
     */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failureReason);
    }

    /**
     * The exit message SageMaker puts on the processing job, e.g.
     * {@code CompletedWithViolations: Job completed successfully with 3 violations.} or {@code Failed: <reason>}.
     *
     * @return the message
     */
    public String exitMessage() {
        if (failureReason != null) {
            return "Failed: " + failureReason;
        }
        return violations.isEmpty() ? "Completed: Job completed successfully with no violations."
                : "CompletedWithViolations: Job completed successfully with " + violations.size() + " violations.";
    }

    /**
     * The records analysed: dataset rows or captured inferences (for model quality and bias, those merged with
     * ground truth; for explainability, the readable rows, of which at most the job's maximum are explained).
     *
     * @return the count, 0 for a failed job
     */
    public long records() {
        return records;
    }

    /**
     * Named counts of input problems that were skipped or tolerated, in the order they were counted, e.g.
     * {@code malformedLines}, {@code capturesWithoutGroundTruth}, {@code unreadableInputs}.
     *
     * @return an unmodifiable map
     */
    public Map<String, Long> inputIssues() {
        return inputIssues;
    }

    /**
     * The count of one input problem.
     *
     * @param name the issue name
     * @return the count, 0 if it was not counted
     */
    public long inputIssue(String name) {
        return inputIssues.getOrDefault(name, 0L);
    }

    /**
     * The violations, in the order of {@code constraint_violations.json}. The first field names what broke: the
     * feature (data quality), the metric (model quality), {@code facet=value:metric} (bias) or the label (feature
     * attribution); the check type and description are those of the file.
     *
     * @return an unmodifiable list, empty for a baseline and when nothing broke
     */
    public List<Violation> violations() {
        return violations;
    }

    /**
     * A short name per violation, in the same order: {@code feature:check} (data quality), {@code metric:check}
     * (model quality), {@code facet=value:metric} (bias) or {@code label:method} (feature attribution).
     *
     * @return an unmodifiable list
     */
    public List<String> checks() {
        return checks;
    }

    /**
     * The names of the report files, in the order they are written.
     *
     * @return an unmodifiable list, empty for a failed job
     */
    public List<String> fileNames() {
        return List.copyOf(files.keySet());
    }

    /**
     * The bytes of one report file, exactly as {@link #writeTo(Path)} writes them.
     *
     * @param name a name of {@link #fileNames()}, e.g. {@code statistics.json}
     * @return a copy of the bytes
     * @throws NotFoundException if the job wrote no such file
     */
    public byte[] file(String name) {
        byte[] bytes = files.get(name);
        if (bytes == null) {
            throw new NotFoundException("report file", name, "the " + kind + " " + type + " job wrote " + fileNames());
        }
        return bytes.clone();
    }

    /**
     * The text of one report file (all are UTF-8 JSON).
     *
     * @param name a name of {@link #fileNames()}
     * @return the text
     * @throws NotFoundException if the job wrote no such file
     */
    public String fileText(String name) {
        return new String(file(name), StandardCharsets.UTF_8);
    }

    /**
     * The analysis the files were rendered from, for reading without parsing them: a
     * {@link dev.mlops.monitor.dataquality.Baseline} (data-quality baseline), a {@link MonitoringReport} (data-quality
     * execution), a {@link dev.mlops.monitor.quality.ModelQualityReport}, a {@link dev.mlops.monitor.bias.BiasReport}
     * or an {@link dev.mlops.monitor.explain.ExplainabilityReport}.
     *
     * @param type the class expected
     * @param <T> the class expected
     * @return the analysis, or empty if the job failed or produced another type
     */
    public <T> Optional<T> report(Class<T> type) {
        return type.isInstance(report) ? Optional.of(type.cast(report)) : Optional.empty();
    }

    /**
     * Writes every report file into a directory, each atomically (see {@link MonitorJson#writeAtomically(Path, byte[])}).
     *
     * @param dir the directory, created if missing
     * @throws ValidationException if the job failed: it has no report to write
     */
    public void writeTo(Path dir) {
        if (status == MonitoringExecutionStatus.Failed) {
            throw new ValidationException("MonitorJobResult.status", status, "Completed or CompletedWithViolations to"
                    + " write a report (the job failed: " + failureReason + ")");
        }
        files.forEach((name, bytes) -> MonitorJson.writeAtomically(dir.resolve(name), bytes));
    }

    @Override
    public String toString() {
        return "MonitorJobResult[" + kind + " " + type + ", " + status + (failureReason != null ? ": " + failureReason
                : ", records=" + records + ", checks=" + checks + ", files=" + files.keySet()) + ", inputIssues="
                + inputIssues + "]";
    }
}
