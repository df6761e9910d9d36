package dev.mlops.monitor;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a monitoring schedule, as SageMaker's {@code MonitoringExecutionSummary} describes it, with the
 * counts a user checks first.
 *
 * @param id the execution's identifier
 * @param schedule the schedule name
 * @param endpoint the monitored endpoint
 * @param type the monitor type
 * @param scheduledTime the time it was scheduled for (the end of its window for cron schedules)
 * @param windowStart the start of the analysed capture window, inclusive
 * @param windowEnd the end of the window, exclusive
 * @param status its status
 * @param failureReason why it failed, when it did
 * @param exitMessage the exit message, e.g. {@code CompletedWithViolations: Job completed successfully with 3 violations.}
 * @param violations the number of constraint violations
 * @param records the rows analysed (a capture record of a multi-row request holds several)
 * @param inputIssues bad input counted instead of failing (malformed lines, wrong column counts, …)
 * @param reportUri where its report files are ({@code {output}/{endpoint}/{schedule}/yyyy/MM/dd/HH/}), when written
 * @param createdAt when it was created
 * @param endedAt when it ended
 */
public record MonitoringExecution(String id, String schedule, String endpoint, MonitoringType type, Instant scheduledTime,
        Instant windowStart, Instant windowEnd, MonitoringExecutionStatus status, Optional<String> failureReason,
        Optional<String> exitMessage, int violations, long records, Map<String, Long> inputIssues,
        Optional<String> reportUri, Instant createdAt, Optional<Instant> endedAt) {
    /**
     * Copies the map: the record does not change when the caller's collection does.
     *
     * @param id the execution's identifier
     * @param schedule the schedule name
     * @param endpoint the monitored endpoint
     * @param type the monitor type
     * @param scheduledTime the time it was scheduled for (the end of its window for cron schedules)
     * @param windowStart the start of the analysed capture window, inclusive
     * @param windowEnd the end of the window, exclusive
     * @param status its status
     * @param failureReason why it failed, when it did
     * @param exitMessage the exit message, e.g. {@code CompletedWithViolations: Job completed successfully with 3 violations.}
     * @param violations the number of constraint violations
     * @param records the rows analysed (a capture record of a multi-row request holds several)
     * @param inputIssues bad input counted instead of failing (malformed lines, wrong column counts, …)
     * @param reportUri where its report files are ({@code {output}/{endpoint}/{schedule}/yyyy/MM/dd/HH/}), when written
     * @param createdAt when it was created
     * @param endedAt when it ended
     */
    public MonitoringExecution {
        inputIssues = Map.copyOf(inputIssues);
    }
}
