package dev.mlops.monitor.dataquality;

import dev.mlops.monitor.MonitoringReport;
import dev.mlops.monitor.capture.CaptureFiles;
import dev.mlops.monitor.capture.CaptureScan;
import dev.mlops.monitor.internal.CaptureRows;
import dev.mlops.monitor.internal.Checks;
import dev.mlops.monitor.internal.DatasetProfiler;
import dev.mlops.monitor.internal.DatasetReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Entry point of data-quality monitoring: suggest a baseline from training data, then check captured or batch data
 * against it, producing the same {@code statistics.json}, {@code constraints.json} and
 * {@code constraint_violations.json} files as SageMaker Model Monitor.
 *
 * <pre>{@code
 * Baseline baseline = DataQuality.suggestBaseline(Path.of("train.csv"));
 * MonitoringReport<Statistics> report = DataQuality.check(baseline, CaptureFiles.in(dir));
 * report.violations();
 * report.writeTo(outputDir);
 * }</pre>
 *
 * <p>Bad input never aborts a run: malformed lines, short or long rows, unreadable payloads and text in numeric
 * columns are counted in {@link MonitoringReport#inputIssues()} and show up in the statistics and violations.
 */
public final class DataQuality {
    private DataQuality() {
    }

    /**
     * Computes the statistics of a CSV or JSON Lines file.
     *
     * @param dataset the file
     * @param options how to read it
     * @return the statistics
     */
    public static Statistics statistics(Path dataset, DataQualityOptions options) {
        return DatasetReader.profile(dataset, options).statistics();
    }

    /**
     * Suggests a baseline from a CSV (with header) or JSON Lines file.
     *
     * @param dataset the training data
     * @return statistics and suggested constraints
     */
    public static Baseline suggestBaseline(Path dataset) {
        return suggestBaseline(dataset, DataQualityOptions.defaults());
    }

    /**
     * Suggests a baseline from a CSV or JSON Lines file.
     *
     * @param dataset the training data
     * @param options how to read it
     * @return statistics and suggested constraints
     */
    public static Baseline suggestBaseline(Path dataset, DataQualityOptions options) {
        Statistics stats = statistics(dataset, options);
        return new Baseline(stats, Checks.suggest(stats));
    }

    /**
     * Checks a CSV or JSON Lines file (e.g. a batch transform's input) against a baseline.
     *
     * @param baseline the baseline
     * @param dataset the current data
     * @param options how to read it
     * @return the report
     */
    public static MonitoringReport<Statistics> check(Baseline baseline, Path dataset, DataQualityOptions options) {
        DatasetProfiler p = DatasetReader.profile(dataset, options);
        return Checks.check(baseline, p.statistics(), p.issues());
    }

    /**
     * Checks captured endpoint traffic against a baseline. Rows are the output columns followed by the input
     * columns (SageMaker's {@code output_columns_position = START}), named {@code _c0, _c1, …}.
     *
     * @param baseline the baseline
     * @param captures the capture files, usually restricted with {@link CaptureFiles#between}
     * @return the report
     */
    public static MonitoringReport<Statistics> check(Baseline baseline, CaptureFiles captures) {
        DatasetProfiler p = new DatasetProfiler(List.of(), true);
        CaptureRows rows = new CaptureRows(p);
        CaptureScan scan = captures.forEach(rows::accept);
        if (p.needsRecount()) {
            p.beginRecount();
            captures.forEach(rows::accept);
            p.endRecount();
        }
        p.issue("malformedLines", scan.malformedLines());
        Map<String, Long> issues = p.issues();
        return Checks.check(baseline, p.statistics(), issues);
    }

    /**
     * Checks already computed statistics against a baseline.
     *
     * @param baseline the baseline
     * @param current statistics of the current data
     * @return the report
     */
    public static MonitoringReport<Statistics> check(Baseline baseline, Statistics current) {
        return Checks.check(baseline, current, Map.of());
    }
}
