package dev.mlops.monitor.dataquality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.monitor.MonitorJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilds the 100 input rows of a real Model Monitor statistics file from its own KLL sketch (all rows are still in
 * level 0, in input order) and checks that profiling them reproduces the file byte for byte.
 */
class RealStatisticsReproductionTest {

    static String resource(String name) throws IOException {
        try (InputStream in = RealStatisticsReproductionTest.class.getResourceAsStream("/monitor-samples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void reproducesRealStatisticsFileByteForByte(@TempDir Path dir) throws IOException {
        String expected = resource("dq_statistics_real.json");
        JsonNode root = MonitorJson.mapper().readTree(expected);
        List<double[]> columns = new ArrayList<>();
        for (JsonNode f : root.path("features")) {
            JsonNode data = f.path("numerical_statistics").path("distribution").path("kll").path("sketch").path("data");
            assertThat(data.size()).as("all rows must still be in level 0").isEqualTo(1);
            double[] col = new double[data.get(0).size()];
            for (int i = 0; i < col.length; i++) {
                col[i] = data.get(0).get(i).asDouble();
            }
            columns.add(col);
        }
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < columns.get(0).length; r++) {
            for (int c = 0; c < columns.size(); c++) {
                csv.append(c == 0 ? "" : ",").append(columns.get(c)[r]);
            }
            csv.append('\n');
        }
        Path input = dir.resolve("input.csv");
        Files.writeString(input, csv);

        Statistics stats = DataQuality.statistics(input, DataQualityOptions.builder().header(false).build());

        assertThat(MonitorJson.pretty(stats.toJson())).isEqualTo(expected);
    }

    @Test
    void readingAndRewritingTheRealFileIsLossless() throws IOException {
        String expected = resource("dq_statistics_real.json");
        Path file = Files.createTempFile("stats", ".json");
        try {
            Files.writeString(file, expected);
            assertThat(MonitorJson.pretty(Statistics.read(file).toJson())).isEqualTo(expected);
        } finally {
            Files.delete(file);
        }
    }
}
