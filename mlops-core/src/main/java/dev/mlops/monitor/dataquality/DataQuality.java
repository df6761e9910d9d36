package dev.mlops.monitor.dataquality;

import dev.mlops.monitor.internal.DatasetReader;
import java.nio.file.Path;

/**
 * Entry point of data-quality monitoring: suggest a baseline from training data, then check captured or batch data
 * against it, producing the same {@code statistics.json}, {@code constraints.json} and
 * {@code constraint_violations.json} files as SageMaker Model Monitor.
 *
 * <pre>{@code
 * Baseline baseline = DataQuality.suggestBaseline(Path.of("train.csv"));
 * MonitoringReport<Statistics> report = DataQuality.check(baseline, CaptureFiles.in(dir));
 * report.violations();
 * }</pre>
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
}
