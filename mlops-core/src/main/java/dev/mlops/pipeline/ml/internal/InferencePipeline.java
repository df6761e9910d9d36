package dev.mlops.pipeline.ml.internal;

import dev.mlops.monitor.ScoringFunction;
import dev.mlops.pipeline.ml.FeatureTransform;
import dev.mlops.pipeline.ml.XgboostModel;
import java.util.ArrayList;
import java.util.List;

/**
 * A registered model's inference pipeline as every host scores it: a fitted {@link FeatureTransform} (optional)
 * followed by an {@link XgboostModel}. Rows carry the raw columns the transform was fitted on, categories as their
 * codes; without a transform the columns are the model's features {@code f0…f(n-1)}. The embedded endpoint host, its
 * monitors and the container's Clarify jobs all score through this one class, so their scores agree.
 * Internal: not part of the public API.
 */
public class InferencePipeline implements ScoringFunction {
    private final FeatureTransform transform;
    private final XgboostModel model;
    private final int inputs;
    private final List<String> featureNames;
    private final ThreadLocal<float[]> features;

    /**
     * A pipeline of a fitted transform (or none) and a model; the caller has checked that the transform makes as many
     * features as the model reads ({@link #widthsAgree}).
     *
     * @param transform the preprocessor's transform, or {@code null} for a model alone
     * @param model the model
     */
    protected InferencePipeline(FeatureTransform transform, XgboostModel model) {
        this.transform = transform;
        this.model = model;
        this.inputs = transform != null ? transform.inputColumns().size() : model.numFeatures();
        this.featureNames = featureNames(transform, inputs);
        int width = transform != null ? transform.outputColumns().size() : model.numFeatures();
        this.features = ThreadLocal.withInitial(() -> new float[width]);
    }

    /**
     * Whether a transform makes as many features as a model reads (always, without a transform).
     *
     * @param transform the transform, or {@code null}
     * @param model the model
     * @return {@code true} if the two fit together
     */
    public static boolean widthsAgree(FeatureTransform transform, XgboostModel model) {
        return transform == null || transform.outputColumns().size() == model.numFeatures();
    }

    /**
     * The transform, if the pipeline has one.
     *
     * @return the transform, or {@code null}
     */
    public final FeatureTransform transform() {
        return transform;
    }

    /**
     * How many raw columns a row has.
     *
     * @return the transform's input columns, or the model's features without one
     */
    public final int inputColumns() {
        return inputs;
    }

    /** The raw input columns a request carries: the transform's column names, or f0…f(n-1) without one. */
    @Override
    public final List<String> featureNames() {
        return featureNames;
    }

    @Override
    public final boolean categorical(int column) {
        return transform != null && transform.isCategorical(column);
    }

    @Override
    public final double encodeCategory(int column, String text) {
        return transform.encodeCategory(column, text);
    }

    @Override
    public final double score(double[] row) {
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

    /**
     * The model alone, on features already transformed (a row of the test split).
     *
     * @param transformed one row of the model's features
     * @return the model's output
     */
    public final double predictTransformed(float[] transformed) {
        return model.predict(transformed);
    }

    /**
     * A representative row for a warm-up call: each numeric column's median, each categorical column's first category.
     *
     * @return a new row of {@link #inputColumns()} values
     */
    public final double[] sampleRow() {
        double[] row = new double[inputs];
        if (transform != null) {
            transform.numeric().forEach(c -> row[c.index()] = c.median());
            transform.categorical().forEach(c -> row[c.index()] = 0);
        }
        return row;
    }

    /**
     * The raw row a transformed row came from: standardized numbers scaled back (to float precision), each one-hot
     * block read back as its category ({@code missing} when no slot is set).
     *
     * @param transformed one row of the model's features
     * @return the raw row, one text per input column
     */
    public final String[] rawOf(float[] transformed) {
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

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + featureNames + (transform != null ? ", with preprocessor" : "") + "]";
    }
}
