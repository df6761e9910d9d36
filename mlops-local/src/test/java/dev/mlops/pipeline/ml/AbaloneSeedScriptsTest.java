package dev.mlops.pipeline.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.local.internal.ml.XgboostTrainer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AbaloneSeedScriptsTest {
    static final Map<String, String> SEED_HYPERPARAMETERS = Map.of("objective", "reg:squarederror",
            "num_round", "50", "max_depth", "5", "eta", "0.2", "gamma", "4", "min_child_weight", "6",
            "subsample", "0.7");

    /** The directories of one local run of preprocess, train and evaluate. */
    record Run(Path raw, Path train, Path validation, Path test, Path model, Path trained, Path evaluation,
               String log) {
    }

    static Run runPipeline(Path dir, SeedScriptCompiler scripts, long seed) throws Exception {
        Path raw = Files.createDirectories(dir.resolve("raw"));
        try (InputStream in = AbaloneSeedScriptsTest.class.getResourceAsStream(AbaloneData.RESOURCE)) {
            Files.copy(in, raw.resolve("abalone.csv"));
        }
        Run run = new Run(raw, dir("train", dir), dir("validation", dir), dir("test", dir), dir("model", dir),
                dir("trained", dir), dir("evaluation", dir), null);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        scripts.load("pipelines.abalone.Preprocess").run(new TestProcessingContext(Map.of("raw", raw),
                Map.of("train", run.train(), "validation", run.validation(), "test", run.test(),
                        "model", run.model()), seed, out));
        new XgboostTrainer(out).train(Map.of("train", run.train(), "validation", run.validation()),
                SEED_HYPERPARAMETERS, run.trained());
        scripts.load("pipelines.abalone.Evaluate").run(new TestProcessingContext(
                Map.of("model", run.trained(), "test", run.test()), Map.of("evaluation", run.evaluation()), seed,
                out));
        return new Run(run.raw(), run.train(), run.validation(), run.test(), run.model(), run.trained(),
                run.evaluation(), log.toString(StandardCharsets.UTF_8));
    }

    private static Path dir(String name, Path parent) throws Exception {
        return Files.createDirectories(parent.resolve(name));
    }

    @Test
    void preprocessTrainAndEvaluateReproduceTheSeedPipeline(@TempDir Path dir) throws Exception {
        try (SeedScriptCompiler scripts = new SeedScriptCompiler(dir.resolve("build"),
                "pipelines/abalone/Preprocess.java", "pipelines/abalone/Evaluate.java")) {
            Run run = runPipeline(dir.resolve("run"), scripts, 1234L);

            // 70/15/15 of 4,177 rows, label first then 10 features.
            List<String> train = Files.readAllLines(run.train().resolve("train.csv"));
            List<String> validation = Files.readAllLines(run.validation().resolve("validation.csv"));
            List<String> test = Files.readAllLines(run.test().resolve("test.csv"));
            assertThat(train).hasSize(2923);
            assertThat(validation).hasSize(627);
            assertThat(test).hasSize(627);
            assertThat(train.get(0).split(",", -1)).hasSize(11);
            assertThat(run.log()).contains("#011train-rmse:").contains("#011validation-rmse:");

            JsonNode report = new ObjectMapper().readTree(run.evaluation().resolve("evaluation.json").toFile());
            double mse = report.at("/regression_metrics/mse/value").asDouble();
            double std = report.at("/regression_metrics/mse/standard_deviation").asDouble();
            assertThat(mse).as("test MSE, registered when <= 6.0").isBetween(3.5, 6.0);
            // The residuals' spread: their variance is at most the MSE.
            assertThat(std).isPositive().isLessThanOrEqualTo(Math.sqrt(mse) + 1e-9);

            // Serving path: raw request -> preprocessor.json -> model gives the pipeline's prediction.
            FeatureTransform transform = FeatureTransform.read(run.model().resolve(FeatureTransform.FILE_NAME));
            XgboostModel model = XgboostModel.load(run.trained().resolve("model.tar.gz"));
            Map<String, String[]> rawByFeatures = new HashMap<>();
            for (String[] row : AbaloneData.rows()) {
                String[] features = Arrays.copyOf(row, 8);
                rawByFeatures.put(key(transform.transform(features)), features);
            }
            double squares = 0;
            for (String line : test) {
                String[] fields = line.split(",");
                float[] x = new float[10];
                for (int j = 0; j < 10; j++) {
                    x[j] = Float.parseFloat(fields[j + 1]);
                }
                String[] raw = rawByFeatures.get(key(x));
                assertThat(raw).as("raw row for test row %s", line).isNotNull();
                float served = model.predict(transform.transform(raw));
                assertThat(Float.floatToIntBits(served)).isEqualTo(Float.floatToIntBits(model.predict(x)));
                double e = Double.parseDouble(fields[0]) - served;
                squares += e * e;
            }
            assertThat(squares / test.size()).isCloseTo(mse, within(1e-9));
        }
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnotherOne(@TempDir Path dir) throws Exception {
        try (SeedScriptCompiler scripts = new SeedScriptCompiler(dir.resolve("build"),
                "pipelines/abalone/Preprocess.java", "pipelines/abalone/Evaluate.java")) {
            Run a = runPipeline(dir.resolve("a"), scripts, 7L);
            Run b = runPipeline(dir.resolve("b"), scripts, 7L);
            Run c = runPipeline(dir.resolve("c"), scripts, 8L);
            byte[] testA = Files.readAllBytes(a.test().resolve("test.csv"));
            assertThat(Files.readAllBytes(b.test().resolve("test.csv"))).isEqualTo(testA);
            assertThat(Files.readAllBytes(c.test().resolve("test.csv"))).isNotEqualTo(testA);
            assertThat(Files.readString(b.evaluation().resolve("evaluation.json")))
                    .isEqualTo(Files.readString(a.evaluation().resolve("evaluation.json")));
        }
    }

    private static String key(float[] x) {
        return Arrays.toString(x);
    }
}
