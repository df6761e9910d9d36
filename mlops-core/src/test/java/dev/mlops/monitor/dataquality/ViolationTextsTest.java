package dev.mlops.monitor.dataquality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.monitor.MonitoringReport;
import dev.mlops.monitor.Violation;
import dev.mlops.monitor.internal.ViolationTexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each violation text reproduced, end to end through {@link DataQuality#check}, from the real output it is taken from
 * (the quotes are in {@code /work/shared/research/monitor.md} §1.7 and the legacy sample file). Texts with no real
 * output (categorical drift, missing and extra column) are listed as inferred in {@code docs/monitoring.md}.
 */
class ViolationTextsTest {
    @TempDir
    Path dir;

    private Path csv(String header, int rows, IntFunction<String> row) throws IOException {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (int i = 0; i < rows; i++) {
            sb.append(row.apply(i)).append('\n');
        }
        Path f = dir.resolve("f" + System.nanoTime() + ".csv");
        Files.writeString(f, sb);
        return f;
    }

    private List<Violation> check(Baseline baseline, Path current) {
        MonitoringReport<Statistics> r = DataQuality.check(baseline, current, DataQualityOptions.defaults());
        return r.violations();
    }

    private Baseline integralBaseline() throws IOException {
        return DataQuality.suggestBaseline(csv("State_MI,color", 100, i -> i % 2 + "," + (i % 2 == 0 ? "red" : "blue")));
    }

    /** Real output (book excerpt of a churn model's monitor): 1970 of 1977 values integral. */
    @Test
    void dataTypeCheckAsInTheRealChurnOutput() throws IOException {
        List<Violation> v = check(integralBaseline(),
                csv("State_MI,color", 1977, i -> (i < 7 ? "0.5" : "1") + ",red"));
        assertThat(v).contains(new Violation("State_MI", Violation.DATA_TYPE_CHECK,
                "Data type match requirement is not met. Expected data type: Integral, Expected match: 100.0%. "
                        + "Observed: Only 99.64592817400101% of data is Integral."));
    }

    /** Real outputs: "Only 99.71751412429379% of data is Integral." (353 of 354) and "Only 50.0%". */
    @Test
    void dataTypeCheckPercentagesPrintAsTheContainerPrintsThem() {
        assertThat(ViolationTexts.dataType("Integral", 100.0, 100.0 * 353 / 354)).isEqualTo(
                "Data type match requirement is not met. Expected data type: Integral, Expected match: 100.0%. "
                        + "Observed: Only 99.71751412429379% of data is Integral.");
        assertThat(ViolationTexts.dataType("Integral", 100.0, 100.0 * 95 / 190)).endsWith(
                "Observed: Only 50.0% of data is Integral.");
    }

    /** Real output (legacy sample, {@code congestion_surcharge}): a column that is entirely missing. */
    @Test
    void completenessCheckAsInTheRealLegacyOutput() throws IOException {
        List<Violation> v = check(integralBaseline(), csv("State_MI,color", 50, i -> ",red"));
        assertThat(v).contains(new Violation("State_MI", Violation.COMPLETENESS_CHECK,
                "Value: 0.0 does not meet the constraint requirement! "));
    }

    /** Real output (legacy sample, {@code store_and_fwd_flag}): 1 of 111 values inside the baseline's domain. */
    @Test
    void categoricalValuesCheckAsInTheRealLegacyOutput() throws IOException {
        List<Violation> v = check(integralBaseline(), csv("State_MI,color", 111, i -> "1," + (i == 0 ? "red" : "Y")));
        assertThat(v).contains(new Violation("color", Violation.CATEGORICAL_VALUES_CHECK,
                "Value: 0.009009009009009009 does not meet the constraint requirement! "));
    }

    /** Real output ("Data Science on AWS"): the distance printed in full, then the threshold. */
    @Test
    void numericalDriftAsInTheRealOutput() {
        assertThat(ViolationTexts.numericalDrift(0.2711598746081505, 0.1))
                .startsWith("Numerical distance: 0.2711598746081505 exceeds numerical threshold: ")
                // AWS's own report parser reads the distance with this pattern
                .containsPattern("distance: (.+) exceeds");
    }

    /** Inferred texts: pinned so that a change is deliberate (see docs/monitoring.md). */
    @Test
    void inferredTextsArePinned() {
        assertThat(ViolationTexts.categoricalDrift(0.25, 0.1))
                .isEqualTo("Categorical distance: 0.25 exceeds categorical threshold: 0.1");
        assertThat(ViolationTexts.missingColumn("color", 1, 2)).isEqualTo("Column color of the baseline is missing "
                + "from the current dataset. Number of columns in current dataset: 1, Number of columns in baseline "
                + "constraints: 2.");
        assertThat(ViolationTexts.extraColumn("size", 3, 2)).isEqualTo("Column size of the current dataset is not in "
                + "the baseline. Number of columns in current dataset: 3, Number of columns in baseline constraints: "
                + "2.");
    }
}
