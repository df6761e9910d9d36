package dev.mlops.testkit.memory;

import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.MonitoringExecution;
import dev.mlops.monitor.MonitoringSchedule;
import dev.mlops.monitor.capture.GroundTruthRecord;
import dev.mlops.spi.MonitorRunner;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.WaitPolicy;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory monitor runner: it runs no monitors, so it offers no {@code monitors.schedules} capability and the
 * monitoring template is refused at create time on a composition that has no other monitor runner. It has no
 * schedules (so {@link #runNow} and {@link #executions} of any name throw {@link NotFoundException}), and keeps
 * uploaded ground truth in memory under SageMaker's layout.
 */
public final class InMemoryMonitorRunner implements MonitorRunner {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);

    private final MemoryState state;
    private final WaitPolicy policy;
    private final Map<String, List<GroundTruthRecord>> groundTruth = new HashMap<>();

    InMemoryMonitorRunner(MemoryState state, WaitPolicy policy) {
        this.state = state;
        this.policy = policy;
    }

    @Override
    public String backend() {
        return MemoryState.BACKEND;
    }

    @Override
    public WaitPolicy waitPolicy() {
        return policy;
    }

    @Override
    public List<MonitoringSchedule> schedules(ProjectRecord project) {
        return state.call("monitors.schedules", List::of);
    }

    @Override
    public List<MonitoringExecution> executions(ProjectRecord project, String schedule) {
        return state.call("monitors.executions", () -> {
            throw noSchedule(project, schedule);
        });
    }

    @Override
    public MonitoringExecution runNow(ProjectRecord project, String schedule) {
        return state.call("monitors.runNow", () -> {
            throw noSchedule(project, schedule);
        });
    }

    @Override
    public List<String> reportFiles(ProjectRecord project, MonitoringExecution execution) {
        return state.call("monitors.reportFiles", () -> {
            throw noSchedule(project, execution.schedule());
        });
    }

    @Override
    public byte[] readReportFile(ProjectRecord project, MonitoringExecution execution, String fileName) {
        return state.call("monitors.readReportFile", () -> {
            throw noSchedule(project, execution.schedule());
        });
    }

    @Override
    public String addGroundTruth(ProjectRecord project, String endpoint, List<GroundTruthRecord> records) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new ValidationException("MonitorRunner.addGroundTruth.endpoint", endpoint, "an endpoint name");
        }
        List<GroundTruthRecord> copy = List.copyOf(records);
        return state.call("monitors.addGroundTruth", () -> {
            String where = "memory://groundtruth/" + project.name() + "/" + endpoint + "/"
                    + HOUR.format(state.instant(state.now())) + "/" + MemoryState.randomId(8) + ".jsonl";
            groundTruth.computeIfAbsent(project.id() + "/" + endpoint, k -> new ArrayList<>()).addAll(copy);
            return where;
        });
    }

    /** The ground truth uploaded for an endpoint, in upload order (for tests). */
    List<GroundTruthRecord> groundTruth(ProjectRecord project, String endpoint) {
        return state.locked(() -> List.copyOf(groundTruth.getOrDefault(project.id() + "/" + endpoint, List.of())));
    }

    private static NotFoundException noSchedule(ProjectRecord project, String schedule) {
        return new NotFoundException("monitoring schedule", String.valueOf(schedule), "the memory backend runs no"
                + " monitors, so project " + project.name() + " has none; compose the embedded backend's monitor"
                + " runner (mlops-local) to run them");
    }

    @Override
    public String toString() {
        return "InMemoryMonitorRunner";
    }
}
