package dev.mlops;

import dev.mlops.monitor.MonitoringExecution;
import dev.mlops.monitor.MonitoringSchedule;
import java.util.List;

/**
 * A project's model monitors: the schedules its monitor pipeline deployed, their executions and reports, and
 * ground truth for model-quality monitoring.
 *
 * <pre>{@code
 * MonitoringExecution e = project.monitors().runNow("abalone-prod-data-quality");
 * if (e.violations() > 0) {
 *     System.out.println(project.monitors().reportFile(e, "constraint_violations.json"));
 * }
 * }</pre>
 */
public interface Monitors {

    /**
     * The deployed schedules.
     *
     * @return the schedules, by name
     */
    List<MonitoringSchedule> schedules();

    /**
     * One schedule.
     *
     * @param name its name
     * @return the schedule
     * @throws dev.mlops.exception.NotFoundException if there is none
     */
    MonitoringSchedule schedule(String name);

    /**
     * A schedule's executions, newest first.
     *
     * @param schedule the schedule name
     * @return the executions
     */
    List<MonitoringExecution> executions(String schedule);

    /**
     * Runs a schedule now over the window ending now and waits for it.
     *
     * @param schedule the schedule name
     * @return the ended execution
     */
    MonitoringExecution runNow(String schedule);

    /**
     * The report files of an execution.
     *
     * @param execution the execution
     * @return file names such as {@code constraint_violations.json}
     */
    List<String> reportFiles(MonitoringExecution execution);

    /**
     * One report file of an execution, as text.
     *
     * @param execution the execution
     * @param fileName e.g. {@code constraint_violations.json}
     * @return its content
     */
    String reportFile(MonitoringExecution execution, String fileName);

    /**
     * Ground-truth labels for an endpoint's inferences.
     *
     * @param endpoint the endpoint name
     * @return a batch to fill and upload
     */
    GroundTruth groundTruth(String endpoint);
}
