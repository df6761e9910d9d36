package dev.mlops.pipeline.ml;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.ValidationException;
import dev.mlops.pipeline.ml.internal.TarReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gradient-boosted tree regression model saved by XGBoost in JSON format, evaluated in pure Java.
 *
 * <p>Predictions equal those of XGBoost's own CPU predictor bit for bit: the margin starts at
 * {@code base_score} as a 32-bit float and each tree's leaf value is added to it in tree order in float
 * arithmetic, exactly as XGBoost accumulates its output buffer. A feature goes left when
 * {@code value < split_condition}; a missing feature ({@code NaN}) follows the node's {@code default_left}.
 *
 * <p>Supported: the {@code gbtree} booster with numerical splits, one output, and an identity-link
 * regression objective ({@code reg:squarederror}, its old name {@code reg:linear},
 * {@code reg:absoluteerror}, {@code reg:pseudohubererror}). Anything else is rejected when loading,
 * rather than predicted wrongly.
 *
 * <p>Instances are immutable and thread-safe; {@link #predict(float[])} allocates nothing.
 */
public final class XgboostModel {
    private static final Logger LOG = LoggerFactory.getLogger(XgboostModel.class);

    /** The file name SageMaker's built-in XGBoost uses inside {@code model.tar.gz}. */
    public static final String MODEL_FILE_NAME = "xgboost-model";

    // Objectives whose prediction is the raw margin, so that base_score needs no link transform.
    private static final Set<String> IDENTITY_OBJECTIVES =
            Set.of("reg:squarederror", "reg:linear", "reg:absoluteerror", "reg:pseudohubererror");

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final float baseScore;
    private final int numFeatures;
    private final String objective;
    private final int[] roots;
    // One entry per node of every tree; feature < 0 marks a leaf whose value is in condition.
    private final int[] feature;
    private final float[] condition;
    private final int[] left;
    private final int[] right;
    private final boolean[] defaultLeft;

    private XgboostModel(float baseScore, int numFeatures, String objective, int[] roots, int[] feature,
                         float[] condition, int[] left, int[] right, boolean[] defaultLeft) {
        this.baseScore = baseScore;
        this.numFeatures = numFeatures;
        this.objective = objective;
        this.roots = roots;
        this.feature = feature;
        this.condition = condition;
        this.left = left;
        this.right = right;
        this.defaultLeft = defaultLeft;
    }

    /**
     * Loads a model from a file: either the JSON {@code xgboost-model} itself or a SageMaker-layout
     * {@code model.tar.gz} that holds it (recognised by its gzip header, whatever the file name).
     *
     * @param file the model file
     * @return the model
     * @throws MlopsClientException if the file cannot be read, holds no {@code xgboost-model}, or is not a
     *         supported XGBoost JSON model
     */
    public static XgboostModel load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MlopsClientException("Cannot read XGBoost model file " + file + ": " + e.getMessage(), e,
                    Map.of("file", file.toString()));
        }
        boolean gzip = bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
        if (!gzip) {
            return fromJson(bytes, file.toString());
        }
        try (InputStream tar = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            Optional<byte[]> model = TarReader.read(tar, MODEL_FILE_NAME);
            if (model.isPresent()) {
                return fromJson(model.get(), file + "!" + MODEL_FILE_NAME);
            }
        } catch (IOException e) {
            throw new MlopsClientException("Cannot read model archive " + file + ": " + e.getMessage(), e,
                    Map.of("file", file.toString()));
        }
        throw new MlopsClientException("Model archive " + file + " holds no '" + MODEL_FILE_NAME
                + "' file; a SageMaker XGBoost model.tar.gz has it at the top level", null,
                Map.of("file", file.toString()));
    }

    /**
     * Reads a model from a stream holding XGBoost's JSON model format.
     *
     * @param json the stream; read to the end, not closed
     * @param source where the bytes come from, used in error messages
     * @return the model
     * @throws MlopsClientException if the stream cannot be read or is not a supported XGBoost JSON model
     */
    public static XgboostModel fromJson(InputStream json, String source) {
        try {
            return fromJson(json.readAllBytes(), source);
        } catch (IOException e) {
            throw new MlopsClientException("Cannot read XGBoost model from " + source + ": " + e.getMessage(), e,
                    Map.of("source", source));
        }
    }

    /**
     * Parses a model from the bytes of XGBoost's JSON model format ({@code Booster.save_model("x.json")} or
     * {@code toByteArray("json")}).
     *
     * @param json the JSON bytes
     * @param source where the bytes come from, used in error messages
     * @return the model
     * @throws MlopsClientException if the bytes are not a supported XGBoost JSON model
     */
    public static XgboostModel fromJson(byte[] json, String source) {
        int first = 0;
        while (first < json.length && Character.isWhitespace(json[first])) {
            first++;
        }
        // The old binary format and Python pickles do not start with '{'; UBJSON does but fails to parse.
        JsonNode root = null;
        IOException failure = null;
        if (first < json.length && json[first] == '{') {
            try {
                root = JSON.readTree(json);
            } catch (IOException e) {
                failure = e;
            }
        }
        if (root == null) {
            throw new MlopsClientException(source + " is not an XGBoost model in JSON format (UBJSON, the legacy "
                    + "binary format and pickles are not read); save it with save_model(\"xgboost-model.json\") "
                    + "or toByteArray(\"json\")" + (failure == null ? "" : ": " + failure.getMessage()),
                    failure, Map.of("source", source));
        }
        return parse(root, source);
    }

    private static XgboostModel parse(JsonNode root, String source) {
        JsonNode learner = required(root, "learner", source);
        JsonNode params = required(learner, "learner_model_param", source);
        String objective = required(required(learner, "objective", source), "name", source).asText();
        if (!IDENTITY_OBJECTIVES.contains(objective)) {
            throw unsupported(source, "objective " + objective, "an identity-link regression objective "
                    + IDENTITY_OBJECTIVES);
        }
        int numClass = Integer.parseInt(params.path("num_class").asText("0"));
        int numTarget = Integer.parseInt(params.path("num_target").asText("1"));
        if (numClass > 1 || numTarget > 1) {
            throw unsupported(source, "num_class=" + numClass + ", num_target=" + numTarget, "a single output");
        }
        float baseScore = parseBaseScore(required(params, "base_score", source).asText(), source);
        int numFeatures = Integer.parseInt(required(params, "num_feature", source).asText());

        JsonNode booster = required(learner, "gradient_booster", source);
        String boosterName = booster.path("name").asText();
        if (!"gbtree".equals(boosterName)) {
            throw unsupported(source, "booster " + boosterName, "gbtree");
        }
        JsonNode trees = required(required(booster, "model", source), "trees", source);

        int total = 0;
        for (JsonNode tree : trees) {
            total += required(tree, "left_children", source).size();
        }
        int[] roots = new int[trees.size()];
        int[] feature = new int[total];
        float[] condition = new float[total];
        int[] left = new int[total];
        int[] right = new int[total];
        boolean[] defaultLeft = new boolean[total];
        int offset = 0;
        for (int t = 0; t < trees.size(); t++) {
            JsonNode tree = trees.get(t);
            String where = source + " tree " + t;
            JsonNode lc = tree.get("left_children");
            JsonNode rc = required(tree, "right_children", where);
            JsonNode si = required(tree, "split_indices", where);
            JsonNode sc = required(tree, "split_conditions", where);
            JsonNode dl = required(tree, "default_left", where);
            JsonNode st = tree.path("split_type");
            int leafVector = Integer.parseInt(tree.path("tree_param").path("size_leaf_vector").asText("1"));
            if (leafVector > 1) {
                throw unsupported(where, "vector leaves (size_leaf_vector=" + leafVector + ")", "scalar leaves");
            }
            int n = lc.size();
            roots[t] = offset;
            for (int i = 0; i < n; i++) {
                int at = offset + i;
                int l = lc.get(i).asInt();
                // Parse the decimal text straight to float: going through double could round twice.
                condition[at] = Float.parseFloat(sc.get(i).asText());
                if (l == -1) {
                    feature[at] = -1;
                    continue;
                }
                if (st.size() > i && st.get(i).asInt() != 0) {
                    throw unsupported(where + " node " + i, "categorical split", "numerical splits only");
                }
                int f = si.get(i).asInt();
                int r = rc.get(i).asInt();
                if (f < 0 || f >= numFeatures || l < 0 || l >= n || r < 0 || r >= n) {
                    throw new MlopsClientException(where + " node " + i + " is corrupt: split feature " + f
                            + ", children " + l + "/" + r + " out of range", null, Map.of("source", source));
                }
                feature[at] = f;
                left[at] = offset + l;
                right[at] = offset + r;
                defaultLeft[at] = dl.get(i).asInt() != 0;
            }
            offset += n;
        }
        LOG.debug("Loaded XGBoost model from {}: {} trees, {} nodes, {} features, base_score {}",
                source, roots.length, total, numFeatures, baseScore);
        return new XgboostModel(baseScore, numFeatures, objective, roots, feature, condition, left, right,
                defaultLeft);
    }

    // XGBoost 3.x stores base_score as a vector rendered "[5.227667E0]"; 1.x/2.x as a plain "5.2276669E0".
    private static float parseBaseScore(String text, String source) {
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        try {
            return Float.parseFloat(s);
        } catch (NumberFormatException e) {
            throw new MlopsClientException(source + " has an unreadable base_score \"" + text + "\"", e,
                    Map.of("source", source));
        }
    }

    private static JsonNode required(JsonNode node, String field, String source) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new MlopsClientException(source + " is not an XGBoost JSON model: field '" + field
                    + "' is missing", null, Map.of("source", source, "field", field));
        }
        return value;
    }

    private static MlopsClientException unsupported(String source, String what, String supported) {
        return new MlopsClientException(source + " uses " + what + ", which XgboostModel does not support; "
                + "supported: " + supported, null, Map.of("source", source));
    }

    /**
     * Predicts one row.
     *
     * @param features the feature values in training column order; {@code Float.NaN} marks a missing value
     * @return the prediction, identical to XGBoost's
     * @throws ValidationException if the row does not have {@link #numFeatures()} values
     */
    public float predict(float[] features) {
        if (features.length != numFeatures) {
            throw new ValidationException("XgboostModel.features.length", features.length,
                    "equal to the model's number of features, " + numFeatures);
        }
        float sum = baseScore;
        for (int root : roots) {
            int n = root;
            int f;
            while ((f = feature[n]) >= 0) {
                float v = features[f];
                if (v < condition[n]) {
                    n = left[n];
                } else if (v != v) {
                    n = defaultLeft[n] ? left[n] : right[n];
                } else {
                    n = right[n];
                }
            }
            sum += condition[n];
        }
        return sum;
    }

    /**
     * Predicts several rows.
     *
     * @param rows the rows, each as for {@link #predict(float[])}
     * @return one prediction per row
     * @throws ValidationException if a row has the wrong number of values
     */
    public float[] predict(float[][] rows) {
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = predict(rows[i]);
        }
        return out;
    }

    /**
     * The number of features a row must have.
     *
     * @return the model's {@code num_feature}
     */
    public int numFeatures() {
        return numFeatures;
    }

    /**
     * The number of trees summed per prediction.
     *
     * @return the tree count
     */
    public int numTrees() {
        return roots.length;
    }

    /**
     * The starting margin every prediction adds the trees to.
     *
     * @return {@code base_score} as a float
     */
    public float baseScore() {
        return baseScore;
    }

    /**
     * The training objective recorded in the model.
     *
     * @return e.g. {@code reg:squarederror}
     */
    public String objective() {
        return objective;
    }

    @Override
    public String toString() {
        return "XgboostModel[" + objective + ", " + roots.length + " trees, " + numFeatures + " features]";
    }
}
