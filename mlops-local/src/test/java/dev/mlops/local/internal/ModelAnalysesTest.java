package dev.mlops.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.MonitorJob;
import dev.mlops.monitor.MonitorJobResult;
import dev.mlops.monitor.MonitoringType;
import dev.mlops.monitor.bias.BiasConfig;
import dev.mlops.monitor.explain.ExplainabilityReport;
import dev.mlops.pipeline.ml.FeatureTransform;
import dev.mlops.pipeline.ml.XgboostModel;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The served pipeline's analyses for the monitors: raw rows read back, bias settings, SHAP on raw features. */
class ModelAnalysesTest {
    private static final String[] NUMERIC = {"length", "diameter", "height", "whole_weight", "shucked_weight",
        "viscera_weight", "shell_weight"};
    private static List<String[]> raw;
    private static FeatureTransform transform;
    private static ModelPredictor model;

    @BeforeAll
    static void trainAbalone() throws Exception {
        raw = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        try (InputStream in = ModelAnalysesTest.class.getClassLoader().getResourceAsStream("dev/mlops/seed/data/abalone.csv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    String[] f = line.split(",");
                    raw.add(Arrays.copyOf(f, 8));
                    labels.add(Float.parseFloat(f[8]));
                }
            }
        }
        FeatureTransform.Builder b = FeatureTransform.builder().categorical("sex", 0);
        for (int i = 0; i < NUMERIC.length; i++) {
            b.numeric(NUMERIC[i], i + 1);
        }
        transform = b.fit(raw);
        int width = transform.outputColumns().size();
        float[] flat = new float[raw.size() * width];
        float[] y = new float[raw.size()];
        for (int i = 0; i < raw.size(); i++) {
            System.arraycopy(transform.transform(raw.get(i)), 0, flat, i * width, width);
            y[i] = labels.get(i);
        }
        DMatrix train = new DMatrix(flat, raw.size(), width, Float.NaN);
        train.setLabel(y);
        Map<String, Object> params = new HashMap<>(Map.of("objective", "reg:squarederror", "max_depth", 4, "eta", 0.3,
                "nthread", 1, "seed", 7));
        Booster booster = XGBoost.train(train, params, 20, Map.of(), null, null);
        model = ModelPredictor.of(transform, XgboostModel.fromJson(booster.toByteArray("json"), "test"));
    }

    @Test
    void aTransformedTestRowReadsBackAsTheRawRowAUserSent() {
        for (String[] row : raw.subList(0, 200)) {
            String[] back = model.rawOf(transform.transform(row));
            assertThat(back[0]).isEqualTo(row[0]);
            for (int c = 1; c < 8; c++) {
                assertThat(Double.parseDouble(back[c])).as(NUMERIC[c - 1]).isCloseTo(Double.parseDouble(row[c]), within(1e-5));
            }
        }
        assertThat(model.featureNames()).containsExactly("sex", "length", "diameter", "height", "whole_weight",
                "shucked_weight", "viscera_weight", "shell_weight");
    }

    @Test
    void unreadableRawRowsAreRefusedNotGuessed() {
        assertThat(model.encode("M,0.4,0.3".split(","))).as("too few columns").isNull();
        assertThat(model.encode("M,0.4,0.3,0.1,heavy,0.2,0.1,0.1".split(","))).as("text in a number").isNull();
        double[] unknownSex = model.encode("U,0.4,0.3,0.1,0.5,0.2,0.1,0.1".split(","));
        assertThat(unknownSex[0]).as("an unseen category encodes as none of the known ones, as serving does").isEqualTo(-1);
    }

    @Test
    void shapOnRawFeaturesGivesNothingToColumnsAtTheirBaselineValue() throws Exception {
        MonitorJobResult trained = MonitorJob.baseline(MonitoringType.ModelExplainability).model(model).rows(raw)
                .build().run();
        JsonNode row = new ObjectMapper().readTree(trained.fileText("analysis_config.json"))
                .path("methods").path("shap").path("baseline").path(0);
        double[] baseline = new double[row.size()];
        for (int c = 0; c < baseline.length; c++) {
            baseline[c] = row.get(c).asDouble();
        }
        assertThat(baseline[0]).as("the most frequent sex, M (code 2 of F, I, M)").isEqualTo(2);
        List<String[]> onlyHeightMoves = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String[] r = new String[baseline.length];
            r[0] = "M";
            for (int c = 1; c < r.length; c++) {
                r[c] = Double.toString(c == 3 ? 0.02 + i * 0.01 : baseline[c]);
            }
            onlyHeightMoves.add(r);
        }
        ExplainabilityReport report = MonitorJob.monitor(MonitoringType.ModelExplainability).model(model)
                .rows(onlyHeightMoves).baseline(trained.report(ExplainabilityReport.class).orElseThrow(), baseline)
                .build().run().report(ExplainabilityReport.class).orElseThrow();
        Map<String, Double> global = report.labels().get("label0").globalShapValues();
        assertThat(global.get("height")).isGreaterThan(0.1);
        global.forEach((name, value) -> {
            if (!name.equals("height")) {
                assertThat(value).as(name).isCloseTo(0.0, within(1e-9));
            }
        });
        double full = trained.report(ExplainabilityReport.class).orElseThrow().labels().get("label0")
                .globalShapValues().get("shell_weight");
        assertThat(full).as("over the training data shell weight matters").isGreaterThan(0.1);
    }

    @Test
    void biasSettingsAreCheckedAgainstTheModelsColumns() {
        List<String> names = model.featureNames();
        BiasConfig c = ModelAnalyses.biasConfig(Map.of("BiasFacetName", "sex", "BiasFacetValues", "F, I",
                "BiasLabelThreshold", "10"), names);
        assertThat(c.facetValues()).containsExactly("F", "I");
        assertThat(c.labelThreshold()).contains(10.0);
        assertThat(c.probabilityThreshold()).as("predictions use the label threshold by default").contains(10.0);
        assertThat(ModelAnalyses.biasConfig(Map.of("BiasFacetName", "length", "BiasFacetThreshold", "0.5",
                "BiasLabelThreshold", "10", "BiasPredictedLabelThreshold", "9.5"), names).probabilityThreshold()).contains(9.5);
        assertThatThrownBy(() -> ModelAnalyses.biasConfig(Map.of("BiasFacetName", "gender", "BiasLabelThreshold", "10"),
                names)).isInstanceOf(MlopsClientException.class).hasMessageContaining("\"gender\"")
                .hasMessageContaining("shell_weight");
        assertThatThrownBy(() -> ModelAnalyses.biasConfig(Map.of("BiasFacetName", "sex"), names))
                .hasMessageContaining("BiasLabelThreshold");
        assertThatThrownBy(() -> ModelAnalyses.biasConfig(Map.of("BiasFacetName", "sex", "BiasFacetValues", "F",
                "BiasFacetThreshold", "1", "BiasLabelThreshold", "10"), names)).hasMessageContaining("not both");
        assertThatThrownBy(() -> ModelAnalyses.biasConfig(Map.of("BiasFacetName", "sex", "BiasLabelThreshold", "ten"),
                names)).hasMessageContaining("BiasLabelThreshold = \"ten\" is not a number");
        assertThatThrownBy(() -> ModelAnalyses.biasConfig(Map.of(), names)).hasMessageContaining("BiasFacetName");
    }
}
