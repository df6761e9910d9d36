package dev.mlops.local.internal;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.local.internal.serving.RowPredictor;
import dev.mlops.monitor.ScoringFunction;
import dev.mlops.pipeline.ml.FeatureTransform;
import dev.mlops.pipeline.ml.XgboostModel;
import dev.mlops.pipeline.ml.internal.InferencePipeline;
import dev.mlops.spi.ModelVersionInfo;
import java.util.Map;

/**
 * A registered model version ready to serve: the inference pipeline of its containers, a {@code preprocessor}
 * feature transform (optional) followed by an {@code xgboost} model. Requests carry the raw columns the
 * transform was fitted on, categories as text. The same pipeline is the monitors' {@link ScoringFunction}: raw
 * rows in, the served prediction out. The scoring is core's {@link InferencePipeline}; this class loads a version's
 * checked artifacts and answers the endpoint server's {@link RowPredictor}.
 */
final class ModelPredictor extends InferencePipeline implements RowPredictor {

    private ModelPredictor(FeatureTransform transform, XgboostModel model) {
        super(transform, model);
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
        if (!widthsAgree(transform, model)) {
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
    public double encode(int column, String text) {
        return encodeCategory(column, text);
    }

    @Override
    public double predict(double[] row) {
        return score(row);
    }
}
