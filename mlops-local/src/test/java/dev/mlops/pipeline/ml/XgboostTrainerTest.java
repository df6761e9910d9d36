package dev.mlops.pipeline.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.ValidationException;
import dev.mlops.local.internal.ml.XgboostTrainer;
import dev.mlops.local.internal.ml.XgboostTrainer.TrainingResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XgboostTrainerTest {
    static final Map<String, String> SEED_HYPERPARAMETERS = Map.of("objective", "reg:linear", "num_round", "50",
            "max_depth", "5", "eta", "0.2", "gamma", "4", "min_child_weight", "6", "subsample", "0.7",
            "silent", "0");

    @TempDir
    static Path data;
    static Path trainDir;
    static Path validationFile;
    static float[][] trainX;
    static float[] trainY;

    @BeforeAll
    static void writeChannels() throws Exception {
        List<String[]> rows = AbaloneData.rows();
        float[][] x = AbaloneData.denseFeaturesWithMissing(rows);
        float[] y = AbaloneData.labels(rows);
        int cut = 3000;
        trainX = java.util.Arrays.copyOf(x, cut);
        trainY = java.util.Arrays.copyOf(y, cut);
        trainDir = Files.createDirectories(data.resolve("train"));
        // Two files in one channel directory, as SageMaker channels may hold.
        Files.writeString(trainDir.resolve("part-1.csv"), csv(x, y, 0, 1500));
        Files.writeString(trainDir.resolve("part-2.csv"), csv(x, y, 1500, cut));
        validationFile = data.resolve("validation.csv");
        Files.writeString(validationFile, csv(x, y, cut, x.length));
    }

    static String csv(float[][] x, float[] y, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(y[i]);
            for (float v : x[i]) {
                sb.append(',').append(Float.isNaN(v) ? "" : Float.toString(v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static TrainingResult train(Map<String, String> hp, Path out, ByteArrayOutputStream log) {
        return new XgboostTrainer(new PrintStream(log, true, StandardCharsets.UTF_8))
                .train(Map.of("train", trainDir, "validation", validationFile), hp, out);
    }

    @Test
    void trainsWithTheSeedHyperparametersLogsEachRoundAndWritesALoadableArchive(@TempDir Path out) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainingResult result = train(SEED_HYPERPARAMETERS, out, log);

        List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(50);
        assertThat(lines.get(0)).matches("\\[0\\]#011train-rmse:\\d+\\.\\d{5}#011validation-rmse:\\d+\\.\\d{5}");
        assertThat(result.rounds()).isEqualTo(50);
        assertThat(result.history()).hasSize(50);
        double trainRmse = result.finalMetrics().get("train:rmse");
        assertThat(result.finalMetrics().get("validation:rmse")).isBetween(1.5, 3.0);
        assertThat(result.history().get(0).get("train:rmse")).isGreaterThan(trainRmse);

        assertThat(result.modelArtifact()).isEqualTo(out.resolve("model.tar.gz")).isRegularFile();
        XgboostModel model = XgboostModel.load(result.modelArtifact());
        assertThat(model.numTrees()).isEqualTo(50);
        double squares = 0;
        for (int i = 0; i < trainX.length; i++) {
            double e = trainY[i] - model.predict(trainX[i]);
            squares += e * e;
        }
        // The archived model reproduces the training error XGBoost reported for the last round.
        assertThat(Math.sqrt(squares / trainX.length)).isCloseTo(trainRmse, within(1e-4));
    }

    @Test
    void isDeterministicForASeedAndChangesWithIt(@TempDir Path out) throws Exception {
        ByteArrayOutputStream ignored = new ByteArrayOutputStream();
        Map<String, String> hp = new HashMap<>(SEED_HYPERPARAMETERS);
        hp.put("num_round", "10");
        byte[] first = Files.readAllBytes(train(hp, out.resolve("a"), ignored).modelArtifact());
        byte[] again = Files.readAllBytes(train(hp, out.resolve("b"), ignored).modelArtifact());
        hp.put("seed", "42");
        byte[] other = Files.readAllBytes(train(hp, out.resolve("c"), ignored).modelArtifact());
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void rejectsInvalidHyperparametersByName(@TempDir Path out) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        for (String[] bad : new String[][] {{"max_depth", "abc"}, {"eta", "-1"}, {"subsample", "0"},
                {"objective", "reg:nonsense"}, {"num_round", "0"}}) {
            Map<String, String> hp = new HashMap<>(SEED_HYPERPARAMETERS);
            hp.put(bad[0], bad[1]);
            assertThatThrownBy(() -> train(hp, out, log)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("hyperparameters." + bad[0]).hasMessageContaining(bad[1]);
        }
        Map<String, String> noRounds = new HashMap<>(SEED_HYPERPARAMETERS);
        noRounds.remove("num_round");
        assertThatThrownBy(() -> train(noRounds, out, log)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("num_round");
        Map<String, String> passedThrough = new HashMap<>(SEED_HYPERPARAMETERS);
        passedThrough.put("tree_method", "nonsense");
        assertThatThrownBy(() -> train(passedThrough, out, log)).isInstanceOf(MlopsClientException.class)
                .hasMessageContaining("nonsense");
        assertThat(out.resolve("model.tar.gz")).doesNotExist();
    }

    @Test
    void rejectsCorruptOrMissingCsvNamingFileLineAndColumn(@TempDir Path dir) throws Exception {
        XgboostTrainer trainer = new XgboostTrainer(new PrintStream(new ByteArrayOutputStream()));
        Path text = dir.resolve("text.csv");
        Files.writeString(text, "1,2,3\n4,5,6\n7,x8,9\n");
        assertThatThrownBy(() -> trainer.train(Map.of("train", text), SEED_HYPERPARAMETERS, dir.resolve("o")))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining(text.toString())
                .hasMessageContaining("line 3").hasMessageContaining("column 2").hasMessageContaining("x8");
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "1,2,3\n4,5\n");
        assertThatThrownBy(() -> trainer.train(Map.of("train", ragged), SEED_HYPERPARAMETERS, dir.resolve("o")))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("line 2")
                .hasMessageContaining("has 2 columns; expected 3");
        Path narrowValidation = dir.resolve("narrow.csv");
        Files.writeString(narrowValidation, "1,2\n");
        Path good = dir.resolve("good.csv");
        Files.writeString(good, "1,2,3\n4,5,6\n");
        assertThatThrownBy(() -> trainer.train(Map.of("train", good, "validation", narrowValidation),
                SEED_HYPERPARAMETERS, dir.resolve("o")))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("'validation'")
                .hasMessageContaining("as in the train channel");
        Path absent = dir.resolve("absent");
        assertThatThrownBy(() -> trainer.train(Map.of("train", absent), SEED_HYPERPARAMETERS, dir.resolve("o")))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining(absent.toString())
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> trainer.train(Map.of("test", text), SEED_HYPERPARAMETERS, dir.resolve("o")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("test");
    }
}
