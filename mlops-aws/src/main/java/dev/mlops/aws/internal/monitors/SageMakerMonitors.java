package dev.mlops.aws.internal.monitors;

import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.aws.internal.AwsComponent;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.monitor.capture.GroundTruthRecord;
import dev.mlops.monitor.MonitoringExecution;
import dev.mlops.monitor.MonitoringSchedule;
import dev.mlops.spi.MonitorRunner;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.WaitPolicy;
import java.util.List;

/**
 * The monitors of a project on AWS in this release: none. The AWS backend provisions the templates without Model
 * Monitor (the renderer refuses the Model Monitor template, naming its monitoring parts), so a project has no
 * monitoring schedule to list, run or read, and each of those is answered as for an unknown schedule. Monitoring
 * schedules as SageMaker jobs, and ground truth in S3, come with the next release.
 */
public final class SageMakerMonitors extends AwsComponent implements MonitorRunner {
    private static final String NEXT = "Model Monitor schedules on SageMaker come with the next release of the AWS"
            + " backend; until then run the Model Monitor template on the embedded backend (dev.mlops:mlops-local)";

    /**
     * Creates the component.
     *
     * @param calls the backend's calls
     * @param waits its wait policy
     */
    public SageMakerMonitors(AwsCalls calls, WaitPolicy waits) {
        super(calls, waits);
    }

    @Override
    public List<MonitoringSchedule> schedules(ProjectRecord project) {
        return List.of();
    }

    @Override
    public List<MonitoringExecution> executions(ProjectRecord project, String schedule) {
        throw missing(project, schedule);
    }

    @Override
    public MonitoringExecution runNow(ProjectRecord project, String schedule) {
        throw missing(project, schedule);
    }

    @Override
    public List<String> reportFiles(ProjectRecord project, MonitoringExecution execution) {
        throw missing(project, execution.schedule());
    }

    @Override
    public byte[] readReportFile(ProjectRecord project, MonitoringExecution execution, String fileName) {
        throw missing(project, execution.schedule());
    }

    @Override
    public String addGroundTruth(ProjectRecord project, String endpoint, List<GroundTruthRecord> records) {
        throw new UnsupportedByBackendException(BACKEND, "take ground truth for endpoint " + endpoint, NEXT);
    }

    private static NotFoundException missing(ProjectRecord project, String schedule) {
        return new NotFoundException("monitoring schedule", schedule, "project " + project.name()
                + " has no monitoring schedule on AWS: " + NEXT);
    }
}
