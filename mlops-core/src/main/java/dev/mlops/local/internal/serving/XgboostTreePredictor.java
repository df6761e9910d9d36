package dev.mlops.local.internal.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.exception.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Scores rows by walking the trees of an XGBoost model saved as JSON, in plain Java: no native call, no
 * {@code DMatrix} per request, no allocation. Gives the same float result as XGBoost's own CPU predictor: the
 * features are narrowed to {@code float}, a node goes left when {@code value < split} (or, for a missing value,
 * when its default direction is left), and leaf values are added tree by tree to the base score in
 * {@code float}.
 *
 * <p>Supports {@code gbtree} models with numerical splits, one output, and an identity objective
 * ({@code reg:squarederror} and friends); anything else is rejected when loading, naming what is unsupported.
 * The nodes of all trees are packed into flat arrays so a walk touches few cache lines.
 */
public final class XgboostTreePredictor implements RowPredictor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> IDENTITY_OBJECTIVES = Set.of("reg:squarederror", "reg:linear",
            "reg:absoluteerror", "reg:pseudohubererror", "reg:squaredlogerror", "binary:logitraw");

    private final int features;
    private final float baseScore;
    private final int[] roots;
    /** Left child's global index, or -1 for a leaf. */
    private final int[] left;
    private final int[] right;
    private final int[] splitFeature;
    /** The split threshold, or for a leaf its value. */
    private final float[] threshold;
    private final boolean[] defaultLeft;

    private XgboostTreePredictor(int features, float baseScore, int[] roots, int[] left, int[] right,
            int[] splitFeature, float[] threshold, boolean[] defaultLeft) {
        this.features = features;
        this.baseScore = baseScore;
        this.roots = roots;
        this.left = left;
        this.right = right;
        this.splitFeature = splitFeature;
        this.threshold = threshold;
        this.defaultLeft = defaultLeft;
    }

    /**
     * Loads a model saved by XGBoost as JSON ({@code booster.saveModel("model.json")}).
     *
     * @param file the JSON file
     * @return the predictor
     * @throws ValidationException if the file is not an XGBoost JSON model this predictor supports; the message
     *         names the file and what is unsupported
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static XgboostTreePredictor load(Path file) {
        try {
            return parse(JSON.readTree(Files.readAllBytes(file)), file.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot read XGBoost model " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a model from the bytes of its JSON form.
     *
     * @param json the model, as XGBoost's {@code saveModel} writes it to a {@code .json} file or
     *             {@code toByteArray("json")} returns it
     * @return the predictor
     * @throws ValidationException if the bytes are not an XGBoost JSON model this predictor supports
     */
    public static XgboostTreePredictor fromJson(byte[] json) {
        try {
            return parse(JSON.readTree(json), "model JSON");
        } catch (IOException e) {
            throw new ValidationException("XGBoost model", "(" + json.length + " bytes)", "valid JSON: " + e.getMessage());
        }
    }

    private static XgboostTreePredictor parse(JsonNode root, String source) {
        JsonNode learner = root.path("learner");
        String objective = learner.path("objective").path("name").asText("");
        if (!IDENTITY_OBJECTIVES.contains(objective)) {
            throw new ValidationException(source + ": learner.objective.name", objective,
                    "one of " + IDENTITY_OBJECTIVES + " (other objectives transform the score; use xgboost4j)");
        }
        JsonNode params = learner.path("learner_model_param");
        int features = Integer.parseInt(params.path("num_feature").asText("0"));
        if (features < 1) {
            throw new ValidationException(source + ": learner_model_param.num_feature", features, "at least 1");
        }
        int targets = Integer.parseInt(params.path("num_target").asText("1"));
        int classes = Integer.parseInt(params.path("num_class").asText("0"));
        if (targets > 1 || classes > 1) {
            throw new ValidationException(source + ": learner_model_param", "num_target=" + targets
                    + ", num_class=" + classes, "a single-output model");
        }
        // XGBoost 2+ writes "[5E-1]" (a vector); older versions "5E-1".
        String base = params.path("base_score").asText("0.5").replace("[", "").replace("]", "").trim();
        float baseScore = Float.parseFloat(base);
        JsonNode booster = learner.path("gradient_booster");
        String boosterName = booster.path("name").asText("");
        if (!boosterName.equals("gbtree")) {
            throw new ValidationException(source + ": gradient_booster.name", boosterName, "gbtree");
        }
        JsonNode trees = booster.path("model").path("trees");
        int total = 0;
        for (JsonNode tree : trees) {
            total += tree.path("left_children").size();
        }
        int[] roots = new int[trees.size()];
        int[] left = new int[total];
        int[] right = new int[total];
        int[] splitFeature = new int[total];
        float[] threshold = new float[total];
        boolean[] defaultLeft = new boolean[total];
        int offset = 0;
        int t = 0;
        for (JsonNode tree : trees) {
            JsonNode splitType = tree.path("split_type");
            int n = tree.path("left_children").size();
            roots[t++] = offset;
            for (int i = 0; i < n; i++) {
                if (splitType.size() > i && splitType.get(i).asInt() != 0) {
                    throw new ValidationException(source + ": tree " + (t - 1) + " node " + i, "categorical split",
                            "a numerical split");
                }
                int l = tree.get("left_children").get(i).asInt();
                int r = tree.get("right_children").get(i).asInt();
                left[offset + i] = l < 0 ? -1 : offset + l;
                right[offset + i] = r < 0 ? -1 : offset + r;
                int feature = tree.get("split_indices").get(i).asInt();
                if (l >= 0 && (feature < 0 || feature >= features)) {
                    throw new ValidationException(source + ": tree " + (t - 1) + " node " + i + " split index",
                            feature, "below num_feature " + features);
                }
                splitFeature[offset + i] = feature;
                threshold[offset + i] = (float) tree.get("split_conditions").get(i).asDouble();
                JsonNode dl = tree.get("default_left").get(i);
                defaultLeft[offset + i] = dl.isBoolean() ? dl.asBoolean() : dl.asInt() != 0;
            }
            offset += n;
        }
        return new XgboostTreePredictor(features, baseScore, roots, left, right, splitFeature, threshold,
                defaultLeft);
    }

    /**
     * The number of features the model was trained on.
     *
     * @return {@code num_feature} from the model
     */
    @Override
    public int inputColumns() {
        return features;
    }

    /**
     * The number of trees.
     *
     * @return how many trees each prediction walks
     */
    public int trees() {
        return roots.length;
    }

    /**
     * Walks every tree for one row.
     *
     * @param row {@link #inputColumns()} values; {@link Double#NaN} is a missing value
     * @return the base score plus the leaf values, computed in {@code float} as XGBoost does
     */
    @Override
    public double predict(double[] row) {
        float sum = baseScore;
        for (int root : roots) {
            int n = root;
            int l;
            while ((l = left[n]) >= 0) {
                float value = (float) row[splitFeature[n]];
                if (value != value) { // NaN: missing, take the learned default direction
                    n = defaultLeft[n] ? l : right[n];
                } else {
                    n = value < threshold[n] ? l : right[n];
                }
            }
            sum += threshold[n];
        }
        return sum;
    }
}
