package dev.mlops.local.internal;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.local.internal.serving.RowPredictor;
import dev.mlops.monitor.ScoringFunction;
import dev.mlops.pipeline.ml.FeatureTransform;
import dev.mlops.pipeline.ml.XgboostModel;
import dev.mlops.spi.ModelVersionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A registered model version ready to serve: the inference pipeline of its containers, a {@code preprocessor}
 * feature transform (optional) followed by an {@code xgboost} model. Requests carry the raw columns the
 * transform was fitted on, categories as text. The same pipeline is the monitors' {@link ScoringFunction}: raw
 * rows in, the served prediction out.
 */
final class ModelPredictor implements RowPredictor, ScoringFunction {
    private final FeatureTransform transform;
    private final XgboostModel model;
    private final int inputs;
    private final List<String> featureNames;
    private final ThreadLocal<float[]> features;

    private ModelPredictor(FeatureTransform transform, XgboostModel model) {
        this.transform = transform;
        this.model = model;
        this.inputs = transform != null ? transform.inputColumns().size() : model.numFeatures();
        this.featureNames = featureNames(transform, inputs);
        int width = transform != null ? transform.outputColumns().size() : model.numFeatures();
        this.features = ThreadLocal.withInitial(() -> new float[width]);
    }

    /** A pipeline of a fitted transform (or null) and a model. */
    static ModelPredictor of(FeatureTransform transform, XgboostModel model) {
        return new ModelPredictor(transform, model);
    }

    static ModelPredictor load(ModelVersionInfo version, LocalArtifactStore artifacts) {
        Map<String, String> containers = version.containers();
        String xgb = containers.get("xgboost");
        if (xgb == null) {
            throw new MlopsClientException("Model version " + version.version() + " of " + version.group() + " has no xgboost"
                    + " container (it has " + containers.keySet() + "); the embedded endpoint host serves XGBoost models", null,
                    Map.of("modelArn", version.arn()));
        }
        for (String kind : containers.keySet()) {
            if (!kind.equals("xgboost") && !kind.equals("preprocessor")) {
                throw new MlopsClientException("Model version " + version.version() + " has a container '" + kind
                        + "' the embedded endpoint host cannot serve: it serves 'preprocessor' and 'xgboost' containers",
                        null, Map.of("modelArn", version.arn()));
            }
        }
        FeatureTransform transform = containers.containsKey("preprocessor")
                ? FeatureTransform.read(verified(version, "preprocessor", artifacts)) : null;
        XgboostModel model = XgboostModel.load(verified(version, "xgboost", artifacts));
        if (transform != null && transform.outputColumns().size() != model.numFeatures()) {
            throw new MlopsClientException("Model version " + version.version() + ": the preprocessor makes "
                    + transform.outputColumns().size() + " features but the model expects " + model.numFeatures(), null,
                    Map.of("modelArn", version.arn()));
        }
        return new ModelPredictor(transform, model);
    }

    /**
     * A container's artifact, checked against the digest the version's lineage recorded at registration
     * ({@code artifact.<kind>.sha256}) and the one its content-addressed path names: a file changed or replaced
     * since is refused, loudly, rather than served.
     */
    private static java.nio.file.Path verified(ModelVersionInfo version, String kind, LocalArtifactStore artifacts) {
        return artifacts.fetch(version.containers().get(kind), version.lineage().get("artifact." + kind + ".sha256"),
                "container " + kind + " of model version " + version.version() + " of " + version.group());
    }

    @Override
    public int inputColumns() {
        return inputs;
    }

    @Override
    public boolean categorical(int column) {
        return transform != null && transform.isCategorical(column);
    }

    @Override
    public double encode(int column, String text) {
        return transform.encodeCategory(column, text);
    }

    @Override
    public double encodeCategory(int column, String text) {
        return encode(column, text);
    }

    @Override
    public double score(double[] row) {
        return predict(row);
    }

    @Override
    public double predict(double[] row) {
        float[] f = features.get();
        if (transform != null) {
            transform.transformEncoded(row, f);
        } else {
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) row[i];
            }
        }
        return model.predict(f);
    }

    /** A representative row for the warm-up call: each numeric column's median, each categorical column's first category. */
    double[] sampleRow() {
        double[] row = new double[inputs];
        if (transform != null) {
            transform.numeric().forEach(c -> row[c.index()] = c.median());
            transform.categorical().forEach(c -> row[c.index()] = 0);
        }
        return row;
    }

    /** The raw input columns a request carries: the transform's column names, or f0…f(n-1) without one. */
    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    private static List<String> featureNames(FeatureTransform transform, int inputs) {
        if (transform != null) {
            return List.copyOf(transform.inputColumns());
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            names.add("f" + i);
        }
        return List.copyOf(names);
    }

    /** The model alone, on features already transformed (a row of the test split). */
    double predictTransformed(float[] transformed) {
        return model.predict(transformed);
    }

    /**
     * The raw row a transformed row came from: standardized numbers scaled back (to float precision), each
     * one-hot block read back as its category ({@code missing} when no slot is set).
     */
    String[] rawOf(float[] transformed) {
        String[] raw = new String[inputs];
        if (transform == null) {
            for (int i = 0; i < inputs; i++) {
                raw[i] = Float.toString(transformed[i]);
            }
            return raw;
        }
        int o = 0;
        for (FeatureTransform.NumericColumn c : transform.numeric()) {
            raw[c.index()] = Float.toString((float) (transformed[o++] * c.scale() + c.mean()));
        }
        for (FeatureTransform.CategoricalColumn c : transform.categorical()) {
            String value = FeatureTransform.MISSING_CATEGORY;
            for (String category : c.categories()) {
                if (transformed[o++] > 0.5f) {
                    value = category;
                }
            }
            raw[c.index()] = value;
        }
        return raw;
    }
}
