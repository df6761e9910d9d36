package test;

import dev.mlops.pipeline.EndpointTest;
import dev.mlops.pipeline.EndpointTestContext;
import java.nio.file.Files;
import java.util.List;

/**
 * Sends real abalone rows to the staging endpoint and checks the answers: every row gets one number, each in
 * a plausible range of ring counts, and the mean absolute error against the true ring counts is small.
 */
public final class StagingEndpointTest implements EndpointTest {
    private static final double MAX_MEAN_ABSOLUTE_ERROR = 3.0;

    @Override
    public void run(EndpointTestContext context) throws Exception {
        List<String> rows = Files.readAllLines(context.file("test/test-rows.csv"));
        StringBuilder body = new StringBuilder();
        double[] truth = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            String row = rows.get(i);
            int cut = row.lastIndexOf(',');
            body.append(row, 0, cut).append('\n');
            truth[i] = Double.parseDouble(row.substring(cut + 1));
        }
        String[] answers = context.invoke("text/csv", body.toString()).strip().split("\n");
        if (answers.length != rows.size()) {
            throw new AssertionError("sent " + rows.size() + " rows, got " + answers.length + " predictions");
        }
        double absoluteError = 0;
        for (int i = 0; i < answers.length; i++) {
            double predicted = Double.parseDouble(answers[i].strip());
            if (!(predicted >= 1 && predicted <= 30)) {
                throw new AssertionError("row " + (i + 1) + ": prediction " + predicted + " is outside 1..30 rings");
            }
            absoluteError += Math.abs(predicted - truth[i]);
        }
        double mae = absoluteError / answers.length;
        context.log().printf("%s: %d rows, mean absolute error %.3f rings (limit %.1f)%n",
                context.endpointName(), answers.length, mae, MAX_MEAN_ABSOLUTE_ERROR);
        if (mae > MAX_MEAN_ABSOLUTE_ERROR) {
            throw new AssertionError("mean absolute error " + mae + " is above " + MAX_MEAN_ABSOLUTE_ERROR);
        }
    }
}
