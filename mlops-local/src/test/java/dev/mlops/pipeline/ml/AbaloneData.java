package dev.mlops.pipeline.ml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helper: the abalone rows shipped as the seed data set. */
final class AbaloneData {
    static final String RESOURCE = "/dev/mlops/seed/data/abalone.csv";

    private AbaloneData() {
    }

    /** All rows, each split on commas: sex, seven measurements, rings. */
    static List<String[]> rows() {
        try (InputStream in = AbaloneData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE);
            }
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(line.strip().split(",", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Numeric features with sex one-hot encoded by hand (F, I, M) and every 13th value made missing. */
    static float[][] denseFeaturesWithMissing(List<String[]> rows) {
        float[][] x = new float[rows.size()][10];
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            for (int j = 0; j < 7; j++) {
                x[i][j] = (i * 10 + j) % 13 == 0 ? Float.NaN : Float.parseFloat(r[j + 1]);
            }
            x[i][7] = r[0].equals("F") ? 1 : 0;
            x[i][8] = r[0].equals("I") ? 1 : 0;
            x[i][9] = r[0].equals("M") ? 1 : 0;
        }
        return x;
    }

    static float[] labels(List<String[]> rows) {
        float[] y = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            y[i] = Float.parseFloat(rows.get(i)[8]);
        }
        return y;
    }
}
