package dev.mlops.pipeline.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XgboostModelTest {
    private static List<String[]> rows;
    private static float[][] x;
    private static float[] y;

    @BeforeAll
    static void load() {
        rows = AbaloneData.rows();
        x = AbaloneData.denseFeaturesWithMissing(rows);
        y = AbaloneData.labels(rows);
    }

    private static Booster train(Map<String, Object> extra, int rounds) throws Exception {
        DMatrix train = new DMatrix(flatten(x), x.length, x[0].length, Float.NaN);
        train.setLabel(y);
        Map<String, Object> params = new HashMap<>(Map.of("objective", "reg:squarederror", "max_depth", 5,
                "eta", 0.2, "gamma", 4, "min_child_weight", 6, "subsample", 0.7, "nthread", 1, "seed", 7));
        params.putAll(extra);
        return XGBoost.train(train, params, rounds, Map.of(), null, null);
    }

    private static float[] flatten(float[][] m) {
        float[] flat = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, flat, i * m[i].length, m[i].length);
        }
        return flat;
    }

    private static void assertSamePredictions(Booster booster, XgboostModel model) throws Exception {
        float[][] expected = booster.predict(new DMatrix(flatten(x), x.length, x[0].length, Float.NaN));
        int mismatches = 0;
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToIntBits(model.predict(x[i])) != Float.floatToIntBits(expected[i][0])) {
                mismatches++;
            }
        }
        assertThat(mismatches).as("rows whose prediction differs from xgboost4j in any bit").isZero();
    }

    @Test
    void predictsBitForBitLikeXgboostOnEveryAbaloneRowIncludingMissingValues() throws Exception {
        Booster booster = train(Map.of(), 50);
        XgboostModel model = XgboostModel.fromJson(booster.toByteArray("json"), "test");
        assertThat(model.numTrees()).isEqualTo(50);
        assertThat(model.numFeatures()).isEqualTo(10);
        assertSamePredictions(booster, model);
    }

    @Test
    void matchesXgboostForDeepTreesTheExactMethodAndANonDefaultBaseScore() throws Exception {
        assertSamePredictions(train(Map.of("max_depth", 10, "gamma", 0, "min_child_weight", 1), 30),
                XgboostModel.fromJson(train(Map.of("max_depth", 10, "gamma", 0, "min_child_weight", 1), 30)
                        .toByteArray("json"), "deep"));
        Booster exact = train(Map.of("tree_method", "exact", "base_score", 3.3), 20);
        XgboostModel model = XgboostModel.fromJson(exact.toByteArray("json"), "exact");
        assertThat(model.baseScore()).isEqualTo(3.3f);
        assertSamePredictions(exact, model);
    }

    @Test
    void loadsFromAJsonFile(@TempDir Path dir) throws Exception {
        Booster booster = train(Map.of(), 5);
        Path file = dir.resolve("xgboost-model");
        Files.write(file, booster.toByteArray("json"));
        assertSamePredictions(booster, XgboostModel.load(file));
    }

    @Test
    void rejectsNonJsonModelsAndUnsupportedObjectives(@TempDir Path dir) throws Exception {
        Booster booster = train(Map.of(), 2);
        assertThatThrownBy(() -> XgboostModel.fromJson(booster.toByteArray("ubj"), "model.ubj"))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("model.ubj")
                .hasMessageContaining("JSON format");
        // Poisson predicts exp(margin): summing the trees alone would be silently wrong, so it must be refused.
        Booster poisson = train(Map.of("objective", "count:poisson"), 2);
        assertThatThrownBy(() -> XgboostModel.fromJson(poisson.toByteArray("json"), "counts"))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("count:poisson");
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> XgboostModel.load(missing)).isInstanceOf(MlopsClientException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void rejectsARowOfTheWrongWidth() throws Exception {
        XgboostModel model = XgboostModel.fromJson(train(Map.of(), 2).toByteArray("json"), "m");
        assertThatThrownBy(() -> model.predict(new float[3])).isInstanceOf(ValidationException.class)
                .hasMessageContaining("10");
    }
}
