package dev.mlops.container;

import dev.mlops.exception.ValidationException;
import dev.mlops.pipeline.ml.FeatureTransform;
import dev.mlops.pipeline.ml.XgboostModel;
import dev.mlops.pipeline.ml.internal.InferencePipeline;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model a Clarify job scores with, from the artifacts of the registered version mounted as a processing input
 * ({@code /opt/ml/processing/input/model/}): {@value XgboostModel#MODEL_FILE_NAME} and, when the version has a
 * preprocessor container, {@value FeatureTransform#FILE_NAME}. The same pipeline as the embedded endpoint host
 * (core's {@link InferencePipeline}: raw columns through the transform, then the trees), so the scores, and the
 * reports made from them, are equal.
 * Clarify itself scores through a shadow endpoint; the container scores in process instead.
 */
final class ArtifactModel extends InferencePipeline {
    /** The model folder under the container root. */
    static final String DIRECTORY = "processing/input/model";

    private ArtifactModel(FeatureTransform transform, XgboostModel model) {
        super(transform, model);
    }

    /** The pipeline of a fitted transform (or null) and a model. */
    static ArtifactModel of(FeatureTransform transform, XgboostModel model) {
        return new ArtifactModel(transform, model);
    }

    /** Loads the model folder, or explains what it must hold. */
    static ArtifactModel load(Path dir, String field) {
        Path xgb = dir.resolve(XgboostModel.MODEL_FILE_NAME);
        if (!Files.isRegularFile(xgb)) {
            throw new ValidationException(field, dir, "a folder holding " + XgboostModel.MODEL_FILE_NAME + " (and "
                    + FeatureTransform.FILE_NAME + " when the model has a preprocessor): mount the registered model's"
                    + " artifacts as the processing input 'model'");
        }
        Path pre = dir.resolve(FeatureTransform.FILE_NAME);
        FeatureTransform transform = Files.isRegularFile(pre) ? FeatureTransform.read(pre) : null;
        XgboostModel model = XgboostModel.load(xgb);
        if (!widthsAgree(transform, model)) {
            throw new ValidationException(field, dir, "a preprocessor making as many features as the model reads ("
                    + transform.outputColumns().size() + " made, " + model.numFeatures() + " read)");
        }
        return new ArtifactModel(transform, model);
    }
}
