package dev.mlops.spi;

import dev.mlops.monitor.MonitoringExecution;
import dev.mlops.monitor.MonitoringSchedule;
import dev.mlops.monitor.capture.GroundTruthRecord;
import java.util.List;

/**
 * Runs model monitors on endpoints: SageMaker Model Monitor or the embedded runner. Schedules are created by the
 * template's monitor pipeline; this interface reads them and their executions, runs one at once, and takes
 * ground truth.
 */
public interface MonitorRunner extends Component {

    /**
     * The monitoring schedules deployed for a project.
     *
     * @param project the project
     * @return the schedules, by name
     */
    List<MonitoringSchedule> schedules(ProjectRecord project);

    /**
     * A schedule's executions, newest first.
     *
     * @param project the project
     * @param schedule the schedule name
     * @return the executions
     * @throws dev.mlops.exception.NotFoundException if there is no such schedule
     */
    List<MonitoringExecution> executions(ProjectRecord project, String schedule);

    /**
     * Runs a schedule once now, over the window ending now (a cron schedule's period, or a one-off's offsets),
     * and returns the ended execution.
     *
     * @param project the project
     * @param schedule the schedule name
     * @return the execution, Completed, CompletedWithViolations or Failed
     * @throws dev.mlops.exception.NotFoundException if there is no such schedule
     */
    MonitoringExecution runNow(ProjectRecord project, String schedule);

    /**
     * The names of an execution's report files (e.g. {@code statistics.json}, {@code constraint_violations.json}).
     *
     * @param project the project
     * @param execution the execution
     * @return file names, empty if it wrote none
     */
    List<String> reportFiles(ProjectRecord project, MonitoringExecution execution);

    /**
     * Reads one of an execution's report files.
     *
     * @param project the project
     * @param execution the execution
     * @param fileName a name from {@link #reportFiles}
     * @return its content
     * @throws dev.mlops.exception.NotFoundException if there is no such file
     */
    byte[] readReportFile(ProjectRecord project, MonitoringExecution execution, String fileName);

    /**
     * Uploads ground-truth records for an endpoint, in SageMaker's layout (JSON Lines under the hour of upload).
     *
     * @param project the project
     * @param endpoint the endpoint whose inferences they label
     * @param records the records; their event ids are the inference ids (or capture event ids) they label
     * @return where they were written
     */
    String addGroundTruth(ProjectRecord project, String endpoint, List<GroundTruthRecord> records);
}
