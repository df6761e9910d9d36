package dev.mlops.local.internal.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.ValidationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XgboostTreePredictorTest {

    @Test
    void equalsXgboostPredictionsIncludingMissingValues(@TempDir Path dir) throws Exception {
        int rows = 2000;
        int columns = 6;
        Random random = new Random(7);
        float[] data = new float[rows * columns];
        float[] labels = new float[rows];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < columns; c++) {
                // about 5% missing, so default directions are learned and exercised
                data[i * columns + c] = random.nextInt(20) == 0 ? Float.NaN : (float) random.nextGaussian();
            }
            float x0 = Float.isNaN(data[i * columns]) ? 0 : data[i * columns];
            float x1 = Float.isNaN(data[i * columns + 1]) ? 0 : data[i * columns + 1];
            labels[i] = 10 + 3 * x0 - 2 * x1 * x1 + (float) random.nextGaussian() * 0.1f;
        }
        DMatrix train = new DMatrix(data, rows, columns, Float.NaN);
        train.setLabel(labels);
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "reg:squarederror");
        params.put("max_depth", 5);
        params.put("eta", 0.2);
        params.put("subsample", 0.7);
        params.put("seed", 1);
        Booster booster = XGBoost.train(train, params, 30, new HashMap<>(), null, null);
        Path file = dir.resolve("model.json");
        booster.saveModel(file.toString());

        XgboostTreePredictor predictor = XgboostTreePredictor.load(file);
        assertThat(predictor.inputColumns()).isEqualTo(columns);
        assertThat(predictor.trees()).isEqualTo(30);

        float[][] expected = booster.predict(train);
        double[] row = new double[columns];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < columns; c++) {
                row[c] = data[i * columns + c];
            }
            assertThat((float) predictor.predict(row)).as("row %d", i).isEqualTo(expected[i][0]);
        }
    }

    @Test
    void rejectsObjectivesItCannotReproduce() {
        String json = "{\"learner\":{\"objective\":{\"name\":\"binary:logistic\"},"
                + "\"learner_model_param\":{\"num_feature\":\"2\",\"base_score\":\"5E-1\"}}}";
        assertThatThrownBy(() -> XgboostTreePredictor.fromJson(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("objective").hasMessageContaining("binary:logistic");
    }
}
