package dev.mlops.local.internal;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.bias.BiasConfig;
import dev.mlops.monitor.bias.BiasDataset;
import dev.mlops.monitor.quality.PredictionRow;
import dev.mlops.spi.ModelVersionInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The inputs of the model-side monitor jobs ({@link dev.mlops.monitor.MonitorJob}) on the embedded backend, read
 * from a registered version's lineage and its monitoring schedule's settings. The analyses themselves are the jobs';
 * this class only knows where the embedded backend keeps the data and how its inference pipeline
 * ({@link ModelPredictor}) encodes it.
 *
 * <ul>
 *   <li>Model quality baseline: the version's evaluation rows (the test split recorded in its lineage as
 *       {@code evaluationData.*}: label first, then the transformed features) with the model's predictions.</li>
 *   <li>Bias: the bias configuration of the schedule's {@code Bias*} keys, and the baseline table of the test split
 *       read back into raw features (the transform is invertible: standardized numbers and one-hot categories) with
 *       the label and the prediction; monitoring uses the captured raw request rows joined with ground truth.</li>
 *   <li>Explainability baseline: the raw feature rows of the version's training data.</li>
 * </ul>
 */
final class ModelAnalyses {
    /** Column names of the bias table besides the features. */
    static final String LABEL = "label";
    static final String PREDICTION = "prediction";

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
    private static float[] features(float[] evaluationRow) {
        float[] f = new float[evaluationRow.length - 1];
        System.arraycopy(evaluationRow, 1, f, 0, f.length);
        return f;
    }

    /**
     * The raw feature rows of the version's training data ({@code data.*} in its lineage), the target column left
     * out; a row whose target column does not exist is left out too.
     */
    static List<String[]> trainingRows(ModelVersionInfo v, LocalArtifactStore artifacts, String targetColumn)
            throws IOException {
        List<String> uris = v.lineage().entrySet().stream()
                .filter(e -> e.getKey().startsWith("data.") && e.getKey().endsWith(".uri"))
                .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
        if (uris.isEmpty()) {
            throw new MlopsClientException("Model version " + v.version() + " (" + v.arn() + ") has no training data in"
                    + " its lineage (data.<file>.uri); run the build pipeline again", null, Map.of("modelArn", v.arn()));
        }
        List<String[]> rows = new ArrayList<>();
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
                rows.add(features);
            }
        }
        return rows;
    }

    // ---- model quality ----

    /** The model's predictions on its evaluation rows, joined with their labels (a regression baseline's input). */
    static List<PredictionRow> predictions(ModelPredictor model, List<float[]> evaluationRows) {
        List<PredictionRow> rows = new ArrayList<>(evaluationRows.size());
        for (float[] r : evaluationRows) {
            rows.add(PredictionRow.regression(model.predictTransformed(features(r)), r[0]));
        }
        return rows;
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
        List<String> headers = new ArrayList<>(model.featureNames());
        headers.add(LABEL);
        headers.add(PREDICTION);
        return BiasDataset.of(headers, rows);
    }
}
