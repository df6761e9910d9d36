package dev.mlops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.monitor.MonitoringReport;
import dev.mlops.monitor.Violation;
import dev.mlops.monitor.dataquality.Baseline;
import dev.mlops.monitor.dataquality.DataQuality;
import dev.mlops.monitor.dataquality.DataQualityOptions;
import dev.mlops.monitor.dataquality.Statistics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example's normal traffic is a sample of the training data: the data-quality monitor, run on the rows it
 * sends against a baseline of the whole file, reports nothing; and the example itself reports no drift on that
 * traffic and drift on the shifted traffic.
 */
class MonitorExampleTest {
    private static final DataQualityOptions HEADERLESS = DataQualityOptions.builder().header(false).build();

    @TempDir
    Path dir;

    private List<String> withRings(List<Integer> indices) throws Exception {
        List<String> rows = MonitorExample.abaloneRows();
        List<String> rings = MonitorExample.abaloneLabels();
        List<String> out = new ArrayList<>();
        for (int i : indices) {
            out.add(rows.get(i) + "," + rings.get(i));
        }
        return out;
    }

    private MonitoringReport<Statistics> check(List<Integer> traffic) throws Exception {
        int all = MonitorExample.abaloneRows().size();
        Path training = Files.write(dir.resolve("training.csv"), withRings(IntStream.range(0, all).boxed().toList()));
        Baseline baseline = DataQuality.suggestBaseline(training, HEADERLESS);
        Path sent = Files.write(dir.resolve("sent.csv"), withRings(traffic));
        return DataQuality.check(baseline, sent, HEADERLESS);
    }

    @Test
    void theNormalTrafficIsASampleOfTheTrainingData_noDrift() throws Exception {
        List<Integer> order = MonitorExample.trafficOrder(MonitorExample.abaloneRows().size());
        assertThat(order).doesNotHaveDuplicates().hasSize(4177);

        assertThat(check(order.subList(0, 1000)).violations()).isEmpty();
    }

    @Test
    void theExample_normalTrafficRaisesNoViolation_shiftedTrafficDoes() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            MonitorExample.main(new String[] {dir.resolve("home").toString()});
        } finally {
            System.setOut(previous);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        String normal = out.substring(out.indexOf("sending 1000 normal rows"), out.indexOf("uploaded "));
        String shifted = out.substring(out.indexOf("sending 1000 shifted rows"));
        // model quality, bias and explainability on the same normal traffic, with its ground truth
        String normalWithLabels = out.substring(out.indexOf("uploaded "), out.indexOf("sending 1000 shifted rows"));
        // before: "_c0 ... Numerical distance: 0.13392384661296305 exceeds numerical threshold: 0.1" on normal traffic
        assertThat(normal).contains("Completed: Job completed successfully with no violations.")
                .doesNotContain("baseline_drift_check");
        assertThat(shifted).contains("_c2:baseline_drift_check", "_c1:categorical_values_check");
        // before: "abalone-prod-model-bias found 4 violation(s) ... (sex=F:DCR, sex=F:DPPL, sex=F:RD, sex=F:TE)", each
        // within its sampling error of the baseline; the constraints now allow for it (BiasConstraints)
        assertThat(normalWithLabels).doesNotContain("bias_drift_check").doesNotContain("CompletedWithViolations");
        // reports in SageMaker's yyyy/MM/dd/HH folders (the second run of the hour takes the folder) and files
        assertThat(out).containsPattern("/reports/abalone-prod/abalone-prod-data-quality/\\d{4}/\\d{2}/\\d{2}/\\d{2}\\n")
                .doesNotContainPattern("/reports/\\S*/\\d{2}-\\d");
        try (Stream<Path> files = Files.walk(dir.resolve("home"))) {
            assertThat(files.map(f -> f.getFileName().toString())).doesNotContain("monitoring_summary.json");
        }
    }
}
