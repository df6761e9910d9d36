package dev.mlops.monitor;

import dev.mlops.monitor.dataquality.Baseline;
import dev.mlops.monitor.dataquality.DataQuality;
import dev.mlops.monitor.dataquality.Statistics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The data-quality jobs of {@link MonitorJob}: Model Monitor's baselining job and its monitoring execution. */
final class DataQualityAnalysis {
    private DataQualityAnalysis() {
    }

    /** Statistics of the training data and the constraints suggested from them. */
    static MonitorJobResult baseline(MonitorJob job) {
        Baseline baseline = DataQuality.suggestBaseline((Path) job.dataset(), job.datasetOptions());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("statistics.json", MonitorJobResult.utf8(MonitorJson.pretty(baseline.statistics().toJson())));
        files.put("constraints.json", MonitorJobResult.utf8(MonitorJson.pretty(baseline.constraints().toJson())));
        return MonitorJobResult.completed(job, baseline.statistics().itemCount(), Map.of(), List.of(), List.of(), files,
                baseline);
    }

    /**
     * The captures (or the batch dataset) against the baseline: statistics, violations and the constraints
     * checked, as the execution's output prefix holds them.
     */
    static MonitorJobResult monitor(MonitorJob job) {
        Baseline baseline = job.baselineInput() instanceof Path dir ? Baseline.read(dir) : (Baseline) job.baselineInput();
        MonitoringReport<Statistics> report = job.captures() != null ? DataQuality.check(baseline, job.captures())
                : DataQuality.check(baseline, (Path) job.dataset(), job.datasetOptions());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("statistics.json", MonitorJobResult.utf8(MonitorJson.pretty(report.statistics().toJson())));
        files.put("constraint_violations.json", MonitorJobResult.utf8(MonitorJson.pretty(report.violationsJson())));
        files.put("constraints.json", MonitorJobResult.utf8(MonitorJson.pretty(baseline.constraints().toJson())));
        List<String> checks = report.violations().stream().map(v -> v.featureName() + ":" + v.constraintCheckType())
                .toList();
        return MonitorJobResult.completed(job, report.statistics().itemCount(), report.inputIssues(), report.violations(),
                checks, files, report);
    }
}
