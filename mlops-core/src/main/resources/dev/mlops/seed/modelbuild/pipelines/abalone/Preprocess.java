package pipelines.abalone;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.pipeline.ProcessingContext;
import dev.mlops.pipeline.ProcessingScript;
import dev.mlops.pipeline.ml.FeatureTransform;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Prepares the abalone data for training, as the seed's {@code preprocess.py} does: imputes and scales the
 * seven measurements, one-hot encodes {@code sex}, moves the label {@code rings} to the first column, shuffles,
 * and splits 70/15/15 into train, validation and test CSV files without a header.
 *
 * <p>Input {@code raw}: one or more headerless CSV files with the columns sex, length, diameter, height,
 * whole_weight, shucked_weight, viscera_weight, shell_weight, rings. Outputs: {@code train/train.csv},
 * {@code validation/validation.csv}, {@code test/test.csv}, and the fitted transform as
 * {@code preprocessor.json} in output {@code model}, for the inference pipeline's first container.
 */
public final class Preprocess implements ProcessingScript {
    private static final String[] NUMERIC = {"length", "diameter", "height", "whole_weight", "shucked_weight",
        "viscera_weight", "shell_weight"};
    private static final int COLUMNS = 9;

    /** Creates the script; the pipeline calls this. */
    public Preprocess() {
    }

    /**
     * Reads, transforms, shuffles, splits and writes the data.
     *
     * @param context the step's inputs and outputs
     * @throws Exception if the data cannot be read or written
     */
    @Override
    public void run(ProcessingContext context) throws Exception {
        List<String[]> features = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Path file : csvFiles(context.input("raw"))) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                String[] row = lines.get(i).split(",", -1);
                if (row.length != COLUMNS) {
                    throw new MlopsClientException(file + " line " + (i + 1) + " has " + row.length
                            + " columns; expected " + COLUMNS + ": sex, " + String.join(", ", NUMERIC) + ", rings",
                            null, Map.of("file", file.toString(), "line", Integer.toString(i + 1)));
                }
                features.add(Arrays.copyOf(row, COLUMNS - 1));
                labels.add(label(row[COLUMNS - 1], file, i + 1));
            }
        }
        context.log().println("Read " + features.size() + " rows");

        FeatureTransform.Builder builder = FeatureTransform.builder().categorical("sex", 0);
        for (int i = 0; i < NUMERIC.length; i++) {
            builder.numeric(NUMERIC[i], i + 1);
        }
        // Fitted on all rows before the split, as preprocess.py does.
        FeatureTransform transform = builder.fit(features);

        List<String> rows = new ArrayList<>(features.size());
        for (int i = 0; i < features.size(); i++) {
            StringBuilder line = new StringBuilder(labels.get(i));
            for (float v : transform.transform(features.get(i))) {
                // Float.toString round-trips exactly, so training sees the very values serving computes.
                line.append(',').append(v);
            }
            rows.add(line.toString());
        }
        Collections.shuffle(rows, new Random(context.seed()));
        int trainEnd = (int) (0.7 * rows.size());
        int validationEnd = (int) (0.85 * rows.size());
        write(context.output("train").resolve("train.csv"), rows.subList(0, trainEnd));
        write(context.output("validation").resolve("validation.csv"), rows.subList(trainEnd, validationEnd));
        write(context.output("test").resolve("test.csv"), rows.subList(validationEnd, rows.size()));
        transform.write(context.output("model").resolve(FeatureTransform.FILE_NAME));
        context.log().println("Wrote " + trainEnd + " train, " + (validationEnd - trainEnd) + " validation and "
                + (rows.size() - validationEnd) + " test rows with features " + transform.outputColumns());
    }

    private static List<Path> csvFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> csv = files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
            if (csv.isEmpty()) {
                throw new MlopsClientException("Input 'raw' (" + dir + ") holds no CSV file", null,
                        Map.of("input", "raw"));
            }
            return csv;
        }
    }

    private static String label(String text, Path file, int line) {
        try {
            return Double.toString(Double.parseDouble(text.strip()));
        } catch (NumberFormatException e) {
            throw new MlopsClientException(file + " line " + line + " column 9 (rings) has \"" + text
                    + "\", which is not a number", e, Map.of("file", file.toString(), "line", Integer.toString(line)));
        }
    }

    private static void write(Path file, List<String> rows) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String row : rows) {
                out.write(row);
                out.write('\n');
            }
        }
    }
}
