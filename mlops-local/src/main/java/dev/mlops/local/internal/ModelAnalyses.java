package dev.mlops.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.bias.BiasConfig;
import dev.mlops.monitor.bias.BiasDataset;
import dev.mlops.monitor.explain.ExplainabilityReport;
import dev.mlops.monitor.explain.FeatureAttribution;
import dev.mlops.monitor.explain.KernelShapOptions;
import dev.mlops.monitor.explain.ShapValues;
import dev.mlops.monitor.quality.ModelQuality;
import dev.mlops.monitor.quality.ModelQualityReport;
import dev.mlops.monitor.quality.PredictionRow;
import dev.mlops.spi.ModelVersionInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model-side analyses of the Model Monitor on the embedded backend: what SageMaker runs as Model Monitor and
 * Clarify processing jobs, computed here with the served inference pipeline ({@link ModelPredictor}).
 *
 * <ul>
 *   <li>Model quality baseline: the version's evaluation rows (the test split recorded in its lineage as
 *       {@code evaluationData.*}: label first, then the transformed features) through the model, regression
 *       metrics and suggested constraints.</li>
 *   <li>Bias: Clarify's metrics over a table of the raw features, the label and the prediction. The baseline reads
 *       the test split back into raw features (the transform is invertible: standardized numbers and one-hot
 *       categories); monitoring uses the captured raw request rows joined with ground truth.</li>
 *   <li>Explainability: Kernel SHAP over the whole inference pipeline on the raw features, the columns a user
 *       sends and recognises (a categorical column gets one attribution, not one per one-hot slot). The SHAP
 *       baseline is one row, each numeric column's mean and each categorical column's most frequent category over
 *       the training data, as Clarify builds one when none is given; with 8 features every coalition is evaluated,
 *       so the values are exact Shapley values of the pipeline against that baseline, not a sample.</li>
 * </ul>
 */
final class ModelAnalyses {
    /** Column names of the bias table besides the features. */
    static final String LABEL = "label";
    static final String PREDICTION = "prediction";
    /** Rows explained per analysis at most (taken evenly across the data), to bound the run time. */
    static final int MAX_EXPLAINED_ROWS = 2000;
    /** The seed of Kernel SHAP's coalition sampling (used only when there are too many features to enumerate). */
    static final long SHAP_SEED = 0;

    private ModelAnalyses() {
    }

    // ---- inputs ----

    /**
     * The rows the version was evaluated on: label first, then the transformed features.
     *
     * @throws MlopsClientException if the lineage records none, or a row is not numeric
     */
    static List<float[]> evaluationRows(ModelVersionInfo v, LocalArtifactStore artifacts) throws IOException {
        List<String> uris = v.lineage().entrySet().stream()
                .filter(e -> e.getKey().startsWith("evaluationData.") && e.getKey().endsWith(".uri"))
                .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
        if (uris.isEmpty()) {
            throw new MlopsClientException("Model version " + v.version() + " (" + v.arn() + ") has no evaluation data in"
                    + " its lineage (evaluationData.<input>.<file>.uri): it was registered before the test split was"
                    + " recorded; run the build pipeline again", null, Map.of("modelArn", v.arn()));
        }
        List<float[]> rows = new ArrayList<>();
        for (String uri : uris) {
            Path file = artifacts.fetch(uri);
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] f = line.split(",", -1);
                    float[] row = new float[f.length];
                    try {
                        for (int i = 0; i < f.length; i++) {
                            row[i] = Float.parseFloat(f[i].strip());
                        }
                    } catch (NumberFormatException e) {
                        throw new MlopsClientException("Evaluation data " + uri + " line " + n + " is not numeric (label"
                                + " first, then the transformed features): " + e.getMessage(), e, Map.of("uri", uri));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** Splits off the label of an evaluation row. */
    static float[] features(float[] evaluationRow) {
        float[] f = new float[evaluationRow.length - 1];
        System.arraycopy(evaluationRow, 1, f, 0, f.length);
        return f;
    }

    /**
     * The raw feature rows of the version's training data ({@code data.*} in its lineage), the target column left
     * out; rows the model cannot read are left out too.
     */
    static List<double[]> trainingRows(ModelVersionInfo v, LocalArtifactStore artifacts, ModelPredictor model,
            String targetColumn) throws IOException {
        List<String> uris = v.lineage().entrySet().stream()
                .filter(e -> e.getKey().startsWith("data.") && e.getKey().endsWith(".uri"))
                .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
        if (uris.isEmpty()) {
            throw new MlopsClientException("Model version " + v.version() + " (" + v.arn() + ") has no training data in"
                    + " its lineage (data.<file>.uri); run the build pipeline again", null, Map.of("modelArn", v.arn()));
        }
        List<double[]> rows = new ArrayList<>();
        for (String uri : uris) {
            for (String line : Files.readAllLines(artifacts.fetch(uri), StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                int t = targetColumn.equals("last") ? f.length - 1 : Integer.parseInt(targetColumn.strip());
                if (t < 0 || t >= f.length) {
                    continue;
                }
                String[] features = new String[f.length - 1];
                for (int i = 0, j = 0; i < f.length; i++) {
                    if (i != t) {
                        features[j++] = f[i];
                    }
                }
                double[] encoded = model.encode(features);
                if (encoded != null) {
                    rows.add(encoded);
                }
            }
        }
        return rows;
    }

    // ---- model quality ----

    /** Regression metrics of the model on its evaluation rows. */
    static ModelQualityReport modelQuality(ModelPredictor model, List<float[]> evaluationRows, Instant now) {
        List<PredictionRow> rows = new ArrayList<>(evaluationRows.size());
        for (float[] r : evaluationRows) {
            rows.add(PredictionRow.regression(model.predictTransformed(features(r)), r[0]));
        }
        return ModelQuality.regression().withEvaluationTime(now).withSeed(0).compute(rows);
    }

    // ---- bias ----

    /**
     * The bias configuration of a monitoring configuration's keys:
     * {@code BiasFacetName} (a raw feature), {@code BiasFacetValues} (comma-separated) or
     * {@code BiasFacetThreshold} (values above it form the sensitive group), {@code BiasLabelThreshold} (a label
     * above it is the positive outcome), {@code BiasPredictedLabelThreshold} (a prediction above it is a positive
     * prediction; default the label threshold) and optionally {@code BiasGroupVariable} (a raw feature, for
     * CDDL/CDDPL).
     *
     * @throws MlopsClientException naming the key that is missing or invalid
     */
    static BiasConfig biasConfig(Map<String, String> settings, List<String> featureNames) {
        String facet = settings.getOrDefault("BiasFacetName", "").strip();
        if (facet.isEmpty()) {
            throw new MlopsClientException("The ModelBias monitor needs BiasFacetName (one of the model's input columns "
                    + featureNames + ") in the monitoring schedule configuration", null, Map.of("key", "BiasFacetName"));
        }
        if (!featureNames.contains(facet)) {
            throw new MlopsClientException("BiasFacetName = \"" + facet + "\" is not an input column of the model; its"
                    + " columns are " + featureNames, null, Map.of("key", "BiasFacetName"));
        }
        BiasConfig.Builder b = BiasConfig.builder().label(LABEL).predictedLabel(PREDICTION).facet(facet);
        String values = settings.getOrDefault("BiasFacetValues", "").strip();
        String threshold = settings.getOrDefault("BiasFacetThreshold", "").strip();
        if (!values.isEmpty() && !threshold.isEmpty()) {
            throw new MlopsClientException("Set BiasFacetValues or BiasFacetThreshold, not both", null,
                    Map.of("key", "BiasFacetValues"));
        }
        if (!values.isEmpty()) {
            b.facetValues(values.split("\\s*,\\s*"));
        } else if (!threshold.isEmpty()) {
            b.facetThreshold(number(settings, "BiasFacetThreshold"));
        }
        if (settings.getOrDefault("BiasLabelThreshold", "").isBlank()) {
            throw new MlopsClientException("The ModelBias monitor needs BiasLabelThreshold: a label above it is the"
                    + " positive outcome (e.g. 10 for rings > 10)", null, Map.of("key", "BiasLabelThreshold"));
        }
        double label = number(settings, "BiasLabelThreshold");
        b.labelThreshold(label);
        b.probabilityThreshold(settings.getOrDefault("BiasPredictedLabelThreshold", "").isBlank() ? label
                : number(settings, "BiasPredictedLabelThreshold"));
        String group = settings.getOrDefault("BiasGroupVariable", "").strip();
        if (!group.isEmpty()) {
            if (!featureNames.contains(group)) {
                throw new MlopsClientException("BiasGroupVariable = \"" + group + "\" is not an input column of the"
                        + " model; its columns are " + featureNames, null, Map.of("key", "BiasGroupVariable"));
            }
            b.groupVariable(group);
        }
        return b.build();
    }

    private static double number(Map<String, String> settings, String key) {
        try {
            return Double.parseDouble(settings.get(key).strip());
        } catch (NumberFormatException e) {
            throw new MlopsClientException(key + " = \"" + settings.get(key) + "\" is not a number", e, Map.of("key", key));
        }
    }

    /** The headers of a bias table: the raw features, then the label and the prediction. */
    static List<String> biasHeaders(ModelPredictor model) {
        List<String> h = new ArrayList<>(model.featureNames());
        h.add(LABEL);
        h.add(PREDICTION);
        return h;
    }

    /** The bias table of the evaluation rows: raw features read back, label, and the model's prediction. */
    static BiasDataset biasBaseline(ModelPredictor model, List<float[]> evaluationRows) {
        List<List<String>> rows = new ArrayList<>(evaluationRows.size());
        for (float[] r : evaluationRows) {
            float[] f = features(r);
            List<String> row = new ArrayList<>(List.of(model.rawOf(f)));
            row.add(Float.toString(r[0]));
            row.add(Double.toString(model.predictTransformed(f)));
            rows.add(row);
        }
        return BiasDataset.of(biasHeaders(model), rows);
    }

    // ---- explainability ----

    /** Clarify's default SHAP baseline: each numeric column's mean, each categorical column's most frequent code. */
    static double[] shapBaseline(ModelPredictor model, List<double[]> rows) {
        int m = model.inputColumns();
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

    /** At most {@link #MAX_EXPLAINED_ROWS} rows, taken evenly. */
    static List<double[]> evenly(List<double[]> rows) {
        if (rows.size() <= MAX_EXPLAINED_ROWS) {
            return rows;
        }
        List<double[]> out = new ArrayList<>(MAX_EXPLAINED_ROWS);
        for (int i = 0; i < MAX_EXPLAINED_ROWS; i++) {
            out.add(rows.get((int) ((long) i * rows.size() / MAX_EXPLAINED_ROWS)));
        }
        return out;
    }

    /** Global SHAP values (mean |φ|) of the inference pipeline on raw rows, against the baseline row. */
    static ExplainabilityReport explain(ModelPredictor model, double[] baseline, List<double[]> rows) {
        double[][] explained = rows.stream().map(r -> fillMissing(r, baseline)).toArray(double[][]::new);
        ShapValues shap = FeatureAttribution.kernelShap(model::predict, new double[][] {baseline}, explained,
                model.featureNames(), KernelShapOptions.defaults().withSeed(SHAP_SEED));
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
    static String analysisConfig(ModelPredictor model, double[] baseline) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode headers = root.putArray("headers");
        model.featureNames().forEach(headers::add);
        ObjectNode shap = root.putObject("methods").putObject("shap");
        ArrayNode row = shap.putArray("baseline").addArray();
        for (double v : baseline) {
            row.add(v);
        }
        shap.put("num_samples", KernelShapOptions.defaults().maxCoalitions());
        shap.put("agg_method", "mean_abs");
        shap.put("seed", SHAP_SEED);
        shap.put("baseline_encoding", "categorical columns as category codes of the model's preprocessor");
        return Json.pretty(root);
    }

    /** The SHAP baseline row of an {@link #analysisConfig} file. */
    static double[] baselineOf(String analysisConfig, int columns) {
        JsonNode row = Json.tree(analysisConfig).path("methods").path("shap").path("baseline").path(0);
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
}
