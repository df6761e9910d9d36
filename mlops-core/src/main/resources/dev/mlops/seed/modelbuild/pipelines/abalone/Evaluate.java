package pipelines.abalone;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.pipeline.ProcessingContext;
import dev.mlops.pipeline.ProcessingScript;
import dev.mlops.pipeline.ml.XgboostModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the trained model on the test split, as the seed's {@code evaluate.py} does, and writes
 * {@code evaluation.json}: {@code {"regression_metrics":{"mse":{"value":…,"standard_deviation":…}}}}.
 *
 * <p>Inputs: {@code model} holding {@code model.tar.gz}, and {@code test} holding {@code test.csv} (label
 * first, no header). Output: {@code evaluation/evaluation.json}. As in {@code evaluate.py},
 * {@code standard_deviation} is the population standard deviation of the residuals
 * ({@code np.std(y_test - predictions)}).
 */
public final class Evaluate implements ProcessingScript {

    /** Creates the script; the pipeline calls this. */
    public Evaluate() {
    }

    /**
     * Predicts the test rows and writes the report.
     *
     * @param context the step's inputs and outputs
     * @throws Exception if a file cannot be read or written
     */
    @Override
    public void run(ProcessingContext context) throws Exception {
        XgboostModel model = XgboostModel.load(context.input("model").resolve("model.tar.gz"));
        Path testFile = context.input("test").resolve("test.csv");
        List<String> lines = Files.readAllLines(testFile, StandardCharsets.UTF_8);
        double[] residuals = new double[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] fields = lines.get(i).split(",", -1);
            if (fields.length != model.numFeatures() + 1) {
                throw new MlopsClientException(testFile + " line " + (i + 1) + " has " + fields.length
                        + " columns; the model expects the label and " + model.numFeatures() + " features", null,
                        Map.of("file", testFile.toString(), "line", Integer.toString(i + 1)));
            }
            float[] x = new float[fields.length - 1];
            for (int j = 1; j < fields.length; j++) {
                x[j - 1] = fields[j].isEmpty() ? Float.NaN : Float.parseFloat(fields[j]);
            }
            residuals[n++] = Double.parseDouble(fields[0]) - model.predict(x);
        }
        if (n == 0) {
            throw new MlopsClientException(testFile + " holds no rows to evaluate", null,
                    Map.of("file", testFile.toString()));
        }
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            sum += residuals[i];
            sumSquares += residuals[i] * residuals[i];
        }
        double mse = sumSquares / n;
        double meanResidual = sum / n;
        double deviations = 0;
        for (int i = 0; i < n; i++) {
            deviations += (residuals[i] - meanResidual) * (residuals[i] - meanResidual);
        }
        double std = Math.sqrt(deviations / n);
        String report = "{\"regression_metrics\": {\"mse\": {\"value\": " + mse + ", \"standard_deviation\": "
                + std + "}}}";
        Files.writeString(context.output("evaluation").resolve("evaluation.json"), report);
        context.log().println("Evaluated " + n + " test rows: " + report);
    }
}
