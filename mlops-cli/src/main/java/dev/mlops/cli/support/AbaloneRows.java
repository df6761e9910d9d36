package dev.mlops.cli.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Rows of the seed's abalone dataset ({@code dev/mlops/seed/data/abalone.csv}, which mlops-core carries). */
public final class AbaloneRows {
    private AbaloneRows() {
    }

    /**
     * Rows spread over the file: every 397th, {@code n} of them.
     *
     * @param n how many
     * @return each row's fields: sex, seven measurements, and the true rings last
     */
    public static List<String[]> sample(int n) {
        try (InputStream in = AbaloneRows.class.getClassLoader().getResourceAsStream("dev/mlops/seed/data/abalone.csv")) {
            if (in == null) {
                throw new IllegalStateException("dev/mlops/seed/data/abalone.csv is not on the class path (mlops-core has it)");
            }
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
            List<String[]> out = new ArrayList<>();
            for (int i = 0; i < lines.size() && out.size() < n; i += 397) {
                out.add(lines.get(i).split(","));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the seed's abalone.csv", e);
        }
    }

    /**
     * The request body of rows: their first eight fields (the inputs), one row a line.
     *
     * @param rows the rows
     * @return the CSV body
     */
    public static String body(List<String[]> rows) {
        StringBuilder b = new StringBuilder();
        rows.forEach(r -> b.append(String.join(",", java.util.Arrays.copyOf(r, 8))).append('\n'));
        return b.toString();
    }
}
