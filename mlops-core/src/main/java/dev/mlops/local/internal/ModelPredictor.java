package dev.mlops.local.internal;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.local.internal.serving.RowPredictor;
import dev.mlops.pipeline.ml.FeatureTransform;
import dev.mlops.pipeline.ml.XgboostModel;
import dev.mlops.spi.ModelVersionInfo;
import java.util.Map;

/**
 * A registered model version ready to serve: the inference pipeline of its containers, a {@code preprocessor}
 * feature transform (optional) followed by an {@code xgboost} model. Requests carry the raw columns the
 * transform was fitted on, categories as text.
 */
final class ModelPredictor implements RowPredictor {
    private final FeatureTransform transform;
    private final XgboostModel model;
    private final int inputs;
    private final ThreadLocal<float[]> features;

    private ModelPredictor(FeatureTransform transform, XgboostModel model) {
        this.transform = transform;
        this.model = model;
        this.inputs = transform != null ? transform.inputColumns().size() : model.numFeatures();
        int width = transform != null ? transform.outputColumns().size() : model.numFeatures();
        this.features = ThreadLocal.withInitial(() -> new float[width]);
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
                ? FeatureTransform.read(artifacts.fetch(containers.get("preprocessor"))) : null;
        XgboostModel model = XgboostModel.load(artifacts.fetch(xgb));
        if (transform != null && transform.outputColumns().size() != model.numFeatures()) {
            throw new MlopsClientException("Model version " + version.version() + ": the preprocessor makes "
                    + transform.outputColumns().size() + " features but the model expects " + model.numFeatures(), null,
                    Map.of("modelArn", version.arn()));
        }
        return new ModelPredictor(transform, model);
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
}
