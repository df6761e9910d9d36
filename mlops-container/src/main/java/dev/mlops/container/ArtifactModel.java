package dev.mlops.container;

import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.ScoringFunction;
import dev.mlops.pipeline.ml.FeatureTransform;
import dev.mlops.pipeline.ml.XgboostModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The model a Clarify job scores with, from the artifacts of the registered version mounted as a processing input
 * ({@code /opt/ml/processing/input/model/}): {@value XgboostModel#MODEL_FILE_NAME} and, when the version has a
 * preprocessor container, {@value FeatureTransform#FILE_NAME}. The same pipeline as the embedded endpoint host
 * (raw columns through the transform, then the trees), so the scores, and the reports made from them, are equal.
 * Clarify itself scores through a shadow endpoint; the container scores in process instead.
 */
final class ArtifactModel implements ScoringFunction {
    /** The model folder under the container root. */
    static final String DIRECTORY = "processing/input/model";

    private final FeatureTransform transform;
    private final XgboostModel model;
    private final List<String> featureNames;
    private final ThreadLocal<float[]> features;

    private ArtifactModel(FeatureTransform transform, XgboostModel model) {
        this.transform = transform;
        this.model = model;
        int inputs = transform != null ? transform.inputColumns().size() : model.numFeatures();
        List<String> names = new ArrayList<>();
        if (transform != null) {
            names.addAll(transform.inputColumns());
        } else {
            for (int i = 0; i < inputs; i++) {
                names.add("f" + i);
            }
        }
        this.featureNames = List.copyOf(names);
        int width = transform != null ? transform.outputColumns().size() : model.numFeatures();
        this.features = ThreadLocal.withInitial(() -> new float[width]);
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
        if (transform != null && transform.outputColumns().size() != model.numFeatures()) {
            throw new ValidationException(field, dir, "a preprocessor making as many features as the model reads ("
                    + transform.outputColumns().size() + " made, " + model.numFeatures() + " read)");
        }
        return new ArtifactModel(transform, model);
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public boolean categorical(int column) {
        return transform != null && transform.isCategorical(column);
    }

    @Override
    public double encodeCategory(int column, String text) {
        return transform.encodeCategory(column, text);
    }

    @Override
    public double score(double[] row) {
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

    @Override
    public String toString() {
        return "ArtifactModel[" + featureNames + (transform != null ? ", with preprocessor" : "") + "]";
    }
}
