package dev.mlops.monitor;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.bias.Bias;
import dev.mlops.monitor.bias.BiasConfig;
import dev.mlops.monitor.bias.BiasDataset;
import dev.mlops.monitor.bias.BiasConstraints;
import dev.mlops.monitor.bias.BiasDrift;
import dev.mlops.monitor.bias.BiasDriftViolation;
import dev.mlops.monitor.bias.BiasReport;
import dev.mlops.monitor.capture.CaptureData;
import dev.mlops.monitor.capture.GroundTruthMerge;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bias jobs of {@link MonitorJob}: Clarify's bias analysis of a table of raw features, label and predicted label,
 * and the drift check of an execution's post-training metrics against the baseline analysis.
 */
final class ModelBiasAnalysis {
    /** The baseline file a monitor compares against when present; a bare Clarify baseline has only analysis.json. */
    static final String CONSTRAINTS = "constraints.json";

    private ModelBiasAnalysis() {
    }

    private static Path constraintsFile(Path dir) {
        Path constraints = dir.resolve(CONSTRAINTS);
        return java.nio.file.Files.isRegularFile(constraints) ? constraints : dir.resolve("analysis.json");
    }

    /** Clarify's pre- and post-training metrics of the reference table (its predictions made by the model if absent). */
    static MonitorJobResult baseline(MonitorJob job) {
        BiasDataset table = withPredictions((BiasDataset) job.dataset(), job);
        BiasReport report = Bias.analyze(table, job.biasConfig());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("analysis.json", MonitorJobResult.utf8(report.toAnalysisJson()));
        // what monitors compare against: Clarify's metrics widened by their sampling error (see BiasConstraints)
        files.put(CONSTRAINTS, MonitorJobResult.utf8(BiasConstraints.suggest(table, job.biasConfig(), report)
                .toAnalysisJson()));
        return MonitorJobResult.completed(job, table.size(), skipped(report, new LinkedHashMap<>()), List.of(), List.of(),
                files, report);
    }

    /**
     * Captured requests (raw feature rows) with their predictions, merged with ground truth by inference id, or the
     * table given; analysed with the job's configuration, and the post-training metrics checked against the baseline
     * ({@code bias_drift_check}: a metric farther from its ideal than in the baseline). The pre-training metrics
     * (label distribution only) stay in {@code analysis.json} for reading.
     */
    static MonitorJobResult monitor(MonitorJob job) {
        BiasConfig config = job.biasConfig();
        Map<String, Long> issues;
        BiasDataset table;
        String analysed;
        if (job.captures() == null) {
            table = withPredictions((BiasDataset) job.dataset(), job);
            issues = new LinkedHashMap<>();
            analysed = table.size() + " rows";
        } else {
            GroundTruthMerge.Result merged = job.mergeGroundTruth();
            issues = MonitorJob.mergeIssues(merged);
            int width = job.featureNames().size();
            long unreadableInputs = 0;
            long unreadablePredictions = 0;
            List<List<String>> rows = new ArrayList<>();
            for (GroundTruthMerge.Merged m : merged.merged()) {
                String input = singleLine(m.capture().endpointInput());
                String prediction = singleLine(m.capture().endpointOutput());
                String[] fields = input == null ? null : input.split(",", -1);
                if (fields == null || fields.length != width) {
                    unreadableInputs++;
                    continue;
                }
                if (prediction == null) {
                    unreadablePredictions++;
                    continue;
                }
                List<String> row = new ArrayList<>(List.of(fields));
                row.add(m.groundTruth().data().strip());
                row.add(prediction);
                rows.add(row);
            }
            issues.put("unreadableInputs", unreadableInputs);
            issues.put("unreadablePredictions", unreadablePredictions);
            if (rows.isEmpty()) {
                return MonitorJobResult.failed(job, "No captured inference of " + job.endpointLabel() + " in the window"
                        + " has ground truth in " + job.groundTruthLabel() + " and a readable " + width + "-column CSV"
                        + " row (" + merged.unmatchedCaptures() + " captures without a label, "
                        + merged.unmatchedGroundTruth() + " labels without a capture, " + unreadableInputs
                        + " unreadable inputs)", issues);
            }
            List<String> headers = new ArrayList<>(job.featureNames());
            headers.add(config.label());
            headers.add(config.predictedLabel().orElseThrow());
            table = BiasDataset.of(headers, rows);
            analysed = rows.size() + " merged records";
        }
        BiasReport current;
        try {
            current = Bias.analyze(table, config);
        } catch (MlopsClientException e) {
            // e.g. the facet value never occurs in the window: nothing to compare, said plainly
            issues.put("biasAnalysisFailed", 1L);
            return MonitorJobResult.failed(job, "Bias analysis of " + job.endpointLabel() + job.scheduleClause()
                    + " over " + analysed + " failed: " + e.getMessage(), issues);
        }
        skipped(current, issues);
        BiasReport baseline = job.baselineInput() instanceof Path dir ? BiasReport.parse(read(constraintsFile(dir)))
                : (BiasReport) job.baselineInput();
        Set<String> postTraining = new HashSet<>();
        current.postTraining().forEach(f -> f.metrics().forEach(m -> postTraining.add(m.name())));
        List<BiasDriftViolation> found = BiasDrift.check(baseline, current).stream()
                .filter(v -> postTraining.contains(v.metricName())).toList();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("analysis.json", MonitorJobResult.utf8(current.toAnalysisJson()));
        files.put("constraint_violations.json", MonitorJobResult.utf8(BiasDrift.violationsJson(found)));
        List<Violation> violations = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        for (BiasDriftViolation v : found) {
            String name = v.facet() + "=" + v.facetValue() + ":" + v.metricName();
            violations.add(new Violation(name, v.constraintCheckType(), v.description()));
            checks.add(name);
        }
        return MonitorJobResult.completed(job, table.size(), issues, violations, checks, files, current);
    }

    /** The rows the analysis left out, added to the issues as {@code skipped: <reason>}. */
    private static Map<String, Long> skipped(BiasReport report, Map<String, Long> issues) {
        report.skippedRows().forEach((reason, n) -> issues.put("skipped: " + reason, n));
        return issues;
    }

    /**
     * The table with its predicted-label column, made by the job's model from the rows' feature columns when the
     * table has none (a row the model cannot read gets no prediction, which the analysis counts).
     */
    private static BiasDataset withPredictions(BiasDataset table, MonitorJob job) {
        String column = job.biasConfig().predictedLabel().orElse(null);
        if (column == null || table.headers().contains(column)) {
            return table;
        }
        ScoringFunction model = job.model();
        List<String> names = model.featureNames();
        int[] index = new int[names.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = table.headers().indexOf(names.get(i));
        }
        List<String> headers = new ArrayList<>(table.headers());
        headers.add(column);
        List<List<String>> rows = new ArrayList<>(table.size());
        for (int r = 0; r < table.size(); r++) {
            List<String> row = new ArrayList<>(table.headers().size() + 1);
            for (int c = 0; c < table.headers().size(); c++) {
                row.add(table.cell(r, c));
            }
            String[] fields = new String[index.length];
            for (int i = 0; i < index.length; i++) {
                String cell = table.cell(r, index[i]);
                fields[i] = cell == null ? "" : cell;
            }
            double[] encoded = model.encode(fields);
            row.add(encoded == null ? null : Double.toString(model.score(encoded)));
            rows.add(row);
        }
        return BiasDataset.of(headers, rows);
    }

    /** The single CSV line of a payload, or null when it is missing, not CSV-like, or holds several rows. */
    private static String singleLine(Optional<CaptureData> data) {
        if (data.isEmpty()) {
            return null;
        }
        String text = new String(data.get().bytes(), StandardCharsets.UTF_8).strip();
        return text.isEmpty() || text.contains("\n") ? null : text;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot read the bias baseline " + file + ": " + e.getMessage(), e);
        }
    }
}
