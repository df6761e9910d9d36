package dev.mlops.monitor;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.monitor.capture.CaptureData;
import dev.mlops.monitor.capture.GroundTruthMerge;
import dev.mlops.monitor.quality.ModelQualityConstraints;
import dev.mlops.monitor.quality.ModelQualityReport;
import dev.mlops.monitor.quality.ModelQualityViolation;
import dev.mlops.monitor.quality.PredictionRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model-quality jobs of {@link MonitorJob}: metrics of predictions against ground truth, the constraints
 * suggested from a baseline's metrics, and an execution's metrics checked against them.
 */
final class ModelQualityAnalysis {
    private ModelQualityAnalysis() {
    }

    /** The metrics of the reference predictions and the constraints SageMaker suggests from them. */
    static MonitorJobResult baseline(MonitorJob job) {
        ModelQualityReport report = job.modelQuality().compute(job.predictions());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("statistics.json", MonitorJobResult.utf8(report.toStatisticsJson()));
        files.put("constraints.json", MonitorJobResult.utf8(report.suggestConstraints().toJson()));
        return MonitorJobResult.completed(job, report.itemCount(), skipped(report), List.of(), List.of(), files, report);
    }

    /**
     * Captured predictions merged with ground truth by inference id (or the joined predictions given), the metrics
     * of the problem type, and the violations of the baseline constraints when there are some.
     */
    static MonitorJobResult monitor(MonitorJob job) {
        List<PredictionRow> rows;
        Map<String, Long> issues;
        if (job.captures() == null) {
            rows = job.predictions();
            issues = new LinkedHashMap<>();
        } else {
            GroundTruthMerge.Result merged = job.mergeGroundTruth();
            rows = new ArrayList<>();
            long unreadable = 0;
            for (GroundTruthMerge.Merged m : merged.merged()) {
                String prediction = m.capture().endpointOutput().map(CaptureData::data).map(String::strip).orElse("");
                if (prediction.isEmpty() || prediction.contains("\n")) {
                    unreadable++;
                    continue;
                }
                rows.add(new PredictionRow(prediction, null, m.groundTruth().data().strip()));
            }
            issues = MonitorJob.mergeIssues(merged);
            issues.put("unreadablePredictions", unreadable);
            if (rows.isEmpty()) {
                return MonitorJobResult.failed(job, "No captured inference of " + job.endpointLabel() + " in the window"
                        + " has ground truth in " + job.groundTruthLabel() + " (" + merged.unmatchedCaptures()
                        + " captures without a label, " + merged.unmatchedGroundTruth() + " labels without a capture)",
                        issues);
            }
        }
        ModelQualityReport report = job.modelQuality().compute(rows);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("statistics.json", MonitorJobResult.utf8(report.toStatisticsJson()));
        List<Violation> violations = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        if (job.baselineInput() != null) {
            byte[] constraintsFile;
            ModelQualityConstraints constraints;
            if (job.baselineInput() instanceof Path dir) {
                constraintsFile = read(dir.resolve("constraints.json"));
                constraints = ModelQualityConstraints.parse(new String(constraintsFile, StandardCharsets.UTF_8));
            } else {
                constraints = (ModelQualityConstraints) job.baselineInput();
                constraintsFile = MonitorJobResult.utf8(constraints.toJson());
            }
            List<ModelQualityViolation> found = constraints.check(report);
            for (ModelQualityViolation v : found) {
                violations.add(new Violation(v.metricName(), v.constraintCheckType(), v.description()));
                checks.add(v.metricName() + ":" + v.constraintCheckType());
            }
            files.put("constraint_violations.json", MonitorJobResult.utf8(ModelQualityConstraints.violationsJson(found)));
            // the constraints checked, as they were: a baseline file is copied byte for byte
            files.put("constraints.json", constraintsFile);
        }
        if (job.captures() == null) {
            issues.putAll(skipped(report));
        }
        return MonitorJobResult.completed(job, rows.size(), issues, violations, checks, files, report);
    }

    /** The rows the calculator left out, as input issues. */
    private static Map<String, Long> skipped(ModelQualityReport report) {
        Map<String, Long> issues = new LinkedHashMap<>();
        report.skippedRows().forEach((reason, n) -> issues.put("skipped: " + reason, n));
        return issues;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot read the model-quality baseline " + file + ": " + e.getMessage(), e);
        }
    }
}
