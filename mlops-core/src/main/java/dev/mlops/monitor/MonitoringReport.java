package dev.mlops.monitor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.ValidationException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one monitoring execution: the statistics of the analysed data, the violations found against the
 * baseline, and what was wrong with the input (malformed lines, short rows, …) counted rather than thrown.
 *
 * <p>{@link #writeTo(Path)} produces the files a Model Monitor execution leaves in its output prefix:
 * {@code statistics.json} and {@code constraint_violations.json}, each written atomically, and no other file (SageMaker
 * writes none). Status, exit message, input issue counts and notes are in {@link #summaryJson()}, to keep wherever
 * the caller keeps its own records.
 *
 * @param <S> the statistics type of the monitor (data quality, model quality, …)
 */
public final class MonitoringReport<S extends JsonDocument> {
    /** Execution status when no violation was found. */
    public static final String COMPLETED = "Completed";
    /** Execution status when at least one violation was found. */
    public static final String COMPLETED_WITH_VIOLATIONS = "CompletedWithViolations";

    private final S statistics;
    private final List<Violation> violations;
    private final Map<String, Long> inputIssues;
    private final List<String> notes;

    /**
     * Creates a report.
     *
     * @param statistics statistics of the analysed data
     * @param violations violations in report order
     * @param inputIssues named counts of input problems (zero counts may be omitted); copied, order kept
     * @param notes human-readable remarks, e.g. "the window contained no records"; copied
     */
    public MonitoringReport(S statistics, List<Violation> violations, Map<String, Long> inputIssues, List<String> notes) {
        if (statistics == null) {
            throw new ValidationException("MonitoringReport.statistics", null, "non-null");
        }
        this.statistics = statistics;
        this.violations = List.copyOf(violations);
        this.inputIssues = Collections.unmodifiableMap(new LinkedHashMap<>(inputIssues));
        this.notes = List.copyOf(notes);
    }

    /**
     * Statistics of the analysed data.
     *
     * @return the statistics
     */
    public S statistics() {
        return statistics;
    }

    /**
     * The violations found, in the order they are written.
     *
     * @return an unmodifiable list, empty when the data met every constraint
     */
    public List<Violation> violations() {
        return violations;
    }

    /**
     * Named counts of input problems that were skipped or tolerated, such as {@code malformedLines}.
     *
     * @return an unmodifiable map in insertion order
     */
    public Map<String, Long> inputIssues() {
        return inputIssues;
    }

    /**
     * The count of one input problem.
     *
     * @param name the issue name, e.g. {@code malformedLines}
     * @return the count, 0 if the issue did not occur
     */
    public long inputIssue(String name) {
        return inputIssues.getOrDefault(name, 0L);
    }

    /**
     * Human-readable remarks about the execution (empty window, skipped checks, …).
     *
     * @return an unmodifiable list
     */
    public List<String> notes() {
        return notes;
    }

    /**
     * {@link #COMPLETED} or {@link #COMPLETED_WITH_VIOLATIONS}, as SageMaker reports a monitoring execution.
     *
     * @return the status
     */
    public String status() {
        return violations.isEmpty() ? COMPLETED : COMPLETED_WITH_VIOLATIONS;
    }

    /**
     * The exit message SageMaker puts on the processing job, e.g.
     * {@code CompletedWithViolations: Job completed successfully with 3 violations.}
     *
     * @return the message
     */
    public String exitMessage() {
        return violations.isEmpty()
                ? "Completed: Job completed successfully with no violations."
                : "CompletedWithViolations: Job completed successfully with " + violations.size() + " violations.";
    }

    /**
     * The {@code constraint_violations.json} document: {@code {"violations" : [ ... ]}}.
     *
     * @return a new tree
     */
    public ObjectNode violationsJson() {
        ObjectNode root = MonitorJson.object();
        ArrayNode list = root.putArray("violations");
        violations.forEach(v -> list.add(v.toJson()));
        return root;
    }

    /**
     * A summary of the run that is not a SageMaker file: status, exit message, violation count, input issues and
     * notes. {@link #writeTo(Path)} does not write it.
     *
     * @return a new tree
     */
    public ObjectNode summaryJson() {
        ObjectNode root = MonitorJson.object();
        root.put("status", status());
        root.put("exit_message", exitMessage());
        root.put("violation_count", violations.size());
        ObjectNode issues = root.putObject("input_issues");
        inputIssues.forEach(issues::put);
        ArrayNode noteList = root.putArray("notes");
        notes.forEach(noteList::add);
        return root;
    }

    /**
     * Writes {@code statistics.json} and {@code constraint_violations.json} into {@code dir}, each atomically: the
     * files of a Model Monitor execution's output prefix, and no other.
     *
     * @param dir the output directory, created if missing
     */
    public void writeTo(Path dir) {
        MonitorJson.writeAtomically(dir.resolve("statistics.json"), statistics.toJson());
        MonitorJson.writeAtomically(dir.resolve("constraint_violations.json"), violationsJson());
    }

    @Override
    public String toString() {
        return "MonitoringReport[" + status() + ", violations=" + violations + ", inputIssues=" + inputIssues + "]";
    }
}
