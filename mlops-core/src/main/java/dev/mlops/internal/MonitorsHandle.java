package dev.mlops.internal;

import dev.mlops.GroundTruth;
import dev.mlops.Monitors;
import dev.mlops.exception.NotFoundException;
import dev.mlops.monitor.MonitoringExecution;
import dev.mlops.monitor.MonitoringSchedule;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@link Monitors}: the composition's monitor runner. */
final class MonitorsHandle implements Monitors {
    private final ProjectContext ctx;

    MonitorsHandle(ProjectContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<MonitoringSchedule> schedules() {
        return ctx.components().monitors().schedules(ctx.record());
    }

    @Override
    public MonitoringSchedule schedule(String name) {
        Validation.notBlank("Monitors.schedule.name", name);
        List<MonitoringSchedule> all = schedules();
        return all.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("monitoring schedule", name, "deployed schedules are "
                        + all.stream().map(MonitoringSchedule::name).toList()));
    }

    @Override
    public List<MonitoringExecution> executions(String schedule) {
        Validation.notBlank("Monitors.executions.schedule", schedule);
        return ctx.components().monitors().executions(ctx.record(), schedule);
    }

    @Override
    public MonitoringExecution runNow(String schedule) {
        Validation.notBlank("Monitors.runNow.schedule", schedule);
        return ctx.components().monitors().runNow(ctx.record(), schedule);
    }

    @Override
    public List<String> reportFiles(MonitoringExecution execution) {
        Validation.notNull("Monitors.reportFiles.execution", execution, "an execution of this project's schedules");
        return ctx.components().monitors().reportFiles(ctx.record(), execution);
    }

    @Override
    public String reportFile(MonitoringExecution execution, String fileName) {
        Validation.notNull("Monitors.reportFile.execution", execution, "an execution of this project's schedules");
        Validation.notBlank("Monitors.reportFile.fileName", fileName);
        return new String(ctx.components().monitors().readReportFile(ctx.record(), execution, fileName),
                StandardCharsets.UTF_8);
    }

    @Override
    public GroundTruth groundTruth(String endpoint) {
        Validation.notBlank("Monitors.groundTruth.endpoint", endpoint);
        return new GroundTruthBatch(ctx, endpoint);
    }
}
