package dev.mlops.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.capture.CaptureData;
import dev.mlops.monitor.capture.CaptureScan;
import dev.mlops.monitor.explain.ExplainabilityReport;
import dev.mlops.monitor.explain.FeatureAttribution;
import dev.mlops.monitor.explain.FeatureAttributionDrift;
import dev.mlops.monitor.explain.FeatureAttributionViolation;
import dev.mlops.monitor.explain.ShapValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The feature-attribution jobs of {@link MonitorJob}: Kernel SHAP over the whole model on the raw features, the
 * columns a user sends and recognises (a categorical column gets one attribution, not one per one-hot slot), and
 * the drift of the global ranking against the baseline.
 *
 * <p>The SHAP baseline is one row, each numeric column's mean and each categorical column's most frequent category
 * over the reference data, as Clarify builds one when none is given; with 8 features every coalition is evaluated,
 * so the values are exact Shapley values of the model against that baseline, not a sample.
 */
final class ExplainabilityAnalysis {
    /** {@code baseline_encoding} of {@code analysis_config.json}: how the baseline row holds categories. */
    private static final String BASELINE_ENCODING = "categorical columns as category codes of the model's preprocessor";

    private ExplainabilityAnalysis() {
    }

    /** Global SHAP values of the reference rows against their default baseline row, and that row. */
    static MonitorJobResult baseline(MonitorJob job) {
        ScoringFunction model = job.model();
        List<double[]> rows = new ArrayList<>();
        long unreadable = 0;
        for (String[] raw : job.rows()) {
            double[] row = model.encode(raw);
            if (row == null) {
                unreadable++;
            } else {
                rows.add(row);
            }
        }
        Map<String, Long> issues = new LinkedHashMap<>();
        issues.put("unreadableRows", unreadable);
        issues.put("rowsNotExplained", (long) Math.max(0, rows.size() - job.maxExplainedRows()));
        if (rows.isEmpty()) {
            return MonitorJobResult.failed(job, "None of the " + job.rows().size() + " rows is readable by the model ("
                    + model.featureNames().size() + " columns " + model.featureNames() + ")", issues);
        }
        double[] shapBaseline = shapBaseline(model, rows);
        ExplainabilityReport report = explain(job, shapBaseline, evenly(rows, job.maxExplainedRows()));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("analysis.json", MonitorJobResult.utf8(report.toAnalysisJson()));
        files.put("analysis_config.json", MonitorJobResult.utf8(analysisConfig(job, shapBaseline)));
        return MonitorJobResult.completed(job, rows.size(), issues, List.of(), List.of(), files, report);
    }

    /**
     * Kernel SHAP over the raw rows captured in the window (or given), against the baseline's SHAP baseline row, and
     * nDCG of the global ranking against the baseline attributions ({@code feature_attribution_drift_check} below
     * the threshold).
     */
    static MonitorJobResult monitor(MonitorJob job) {
        ScoringFunction model = job.model();
        int width = model.featureNames().size();
        double[] shapBaseline = job.baselineInput() instanceof Path dir
                ? baselineRow(read(dir.resolve("analysis_config.json")), width)
                : ((MonitorJob.ShapBaseline) job.baselineInput()).row();
        List<double[]> rows = new ArrayList<>();
        long[] unreadable = new long[1];
        Map<String, Long> issues = new LinkedHashMap<>();
        String failure;
        if (job.captures() != null) {
            CaptureScan scan = job.captures().forEach(r -> {
                Optional<CaptureData> in = r.endpointInput();
                if (in.isEmpty()) {
                    unreadable[0]++;
                    return;
                }
                for (String line : new String(in.get().bytes(), StandardCharsets.UTF_8).split("\r?\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    double[] row = model.encode(line.split(",", -1));
                    if (row == null) {
                        unreadable[0]++;
                    } else {
                        rows.add(row);
                    }
                }
            });
            issues.put("malformedLines", scan.malformedLines());
            failure = "No captured inference of " + job.endpointLabel() + " in the window has a readable " + width
                    + "-column CSV row to explain (" + scan.records() + " records, " + unreadable[0]
                    + " unreadable inputs)";
        } else {
            for (String[] raw : job.rows()) {
                double[] row = model.encode(raw);
                if (row == null) {
                    unreadable[0]++;
                } else {
                    rows.add(row);
                }
            }
            failure = "None of the " + job.rows().size() + " rows given is a readable " + width + "-column row to"
                    + " explain";
        }
        issues.put("unreadableInputs", unreadable[0]);
        issues.put("rowsNotExplained", (long) Math.max(0, rows.size() - job.maxExplainedRows()));
        if (rows.isEmpty()) {
            return MonitorJobResult.failed(job, failure, issues);
        }
        ExplainabilityReport current = explain(job, shapBaseline, evenly(rows, job.maxExplainedRows()));
        ExplainabilityReport baseline = job.baselineInput() instanceof Path dir
                ? ExplainabilityReport.parse(read(dir.resolve("analysis.json")))
                : ((MonitorJob.ShapBaseline) job.baselineInput()).analysis();
        List<FeatureAttributionViolation> found = FeatureAttributionDrift.check(baseline, current, job.driftThreshold());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("analysis.json", MonitorJobResult.utf8(current.toAnalysisJson()));
        files.put("constraint_violations.json", MonitorJobResult.utf8(FeatureAttributionDrift.violationsJson(found)));
        List<Violation> violations = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        for (FeatureAttributionViolation v : found) {
            violations.add(new Violation(v.label(), v.constraintCheckType(), v.description()));
            checks.add(v.label() + ":" + v.metricName());
        }
        return MonitorJobResult.completed(job, rows.size(), issues, violations, checks, files, current);
    }

    /** Clarify's default SHAP baseline: each numeric column's mean, each categorical column's most frequent code. */
    static double[] shapBaseline(ScoringFunction model, List<double[]> rows) {
        int m = model.featureNames().size();
        double[] base = new double[m];
        for (int c = 0; c < m; c++) {
            if (model.categorical(c)) {
                Map<Double, Integer> counts = new HashMap<>();
                for (double[] r : rows) {
                    counts.merge(r[c], 1, Integer::sum);
                }
                // the most frequent code; on a tie the smallest, so the baseline does not depend on row order
                double best = 0;
                int bestCount = -1;
                for (Map.Entry<Double, Integer> e : counts.entrySet()) {
                    if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey() < best)) {
                        best = e.getKey();
                        bestCount = e.getValue();
                    }
                }
                base[c] = best;
            } else {
                double sum = 0;
                int n = 0;
                for (double[] r : rows) {
                    if (!Double.isNaN(r[c])) {
                        sum += r[c];
                        n++;
                    }
                }
                base[c] = n == 0 ? Double.NaN : sum / n;
            }
        }
        return base;
    }

    /** At most {@code max} rows, taken evenly. */
    static List<double[]> evenly(List<double[]> rows, int max) {
        if (rows.size() <= max) {
            return rows;
        }
        List<double[]> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            out.add(rows.get((int) ((long) i * rows.size() / max)));
        }
        return out;
    }

    /** Global SHAP values (mean |φ|) of the model on raw rows, against the baseline row. */
    private static ExplainabilityReport explain(MonitorJob job, double[] baseline, List<double[]> rows) {
        ScoringFunction model = job.model();
        double[][] explained = rows.stream().map(r -> fillMissing(r, baseline)).toArray(double[][]::new);
        ShapValues shap = FeatureAttribution.kernelShap(model::score, new double[][] {baseline}, explained,
                model.featureNames(), job.shapOptions());
        return ExplainabilityReport.of(shap);
    }

    /** Kernel SHAP refuses NaN: a missing number takes the baseline's value (it then gets no attribution). */
    private static double[] fillMissing(double[] row, double[] baseline) {
        double[] r = row.clone();
        for (int i = 0; i < r.length; i++) {
            if (Double.isNaN(r[i])) {
                r[i] = baseline[i];
            }
        }
        return r;
    }

    /** Clarify's {@code analysis_config.json} for the explainability monitor: the headers and the SHAP baseline. */
    private static String analysisConfig(MonitorJob job, double[] baseline) {
        ObjectNode root = MonitorJson.object();
        ArrayNode headers = root.putArray("headers");
        job.model().featureNames().forEach(headers::add);
        ObjectNode shap = root.putObject("methods").putObject("shap");
        ArrayNode row = shap.putArray("baseline").addArray();
        for (double v : baseline) {
            row.add(v);
        }
        shap.put("num_samples", job.shapOptions().maxCoalitions());
        shap.put("agg_method", "mean_abs");
        shap.put("seed", job.shapOptions().seed());
        shap.put("baseline_encoding", BASELINE_ENCODING);
        return MonitorJson.pretty(root);
    }

    /** The SHAP baseline row of an {@code analysis_config.json}. */
    private static double[] baselineRow(String analysisConfig, int columns) {
        JsonNode root;
        try {
            root = MonitorJson.mapper().readTree(analysisConfig);
        } catch (IOException e) {
            throw new MlopsClientException("analysis_config.json is not valid JSON: " + e.getMessage(), e, Map.of());
        }
        JsonNode row = root.path("methods").path("shap").path("baseline").path(0);
        if (!row.isArray() || row.size() != columns) {
            throw new MlopsClientException("analysis_config.json has no SHAP baseline row of " + columns + " values", null,
                    Map.of());
        }
        double[] b = new double[columns];
        for (int i = 0; i < columns; i++) {
            b[i] = row.get(i).asDouble();
        }
        return b;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot read the explainability baseline " + file + ": " + e.getMessage(), e);
        }
    }
}
