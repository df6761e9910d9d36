package dev.mlops.monitor.dataquality;

import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.MonitorJson;
import java.nio.file.Path;

/**
 * A data-quality baseline: the statistics of the training data and the constraints suggested from them (possibly
 * edited). Stored as {@code statistics.json} and {@code constraints.json} in one directory.
 *
 * @param statistics baseline statistics (their KLL sketches and categories are the drift reference)
 * @param constraints the constraints to check
 */
public record Baseline(Statistics statistics, Constraints constraints) {
    /**
     * Validates the parts.
     *
     * @param statistics baseline statistics
     * @param constraints the constraints
     */
    public Baseline {
        if (statistics == null || constraints == null) {
            throw new ValidationException("Baseline.statistics/constraints", null, "both non-null");
        }
    }

    /**
     * Reads {@code statistics.json} and {@code constraints.json} from a directory (e.g. a baselining job's output).
     *
     * @param dir the directory
     * @return the baseline
     */
    public static Baseline read(Path dir) {
        return new Baseline(Statistics.read(dir.resolve("statistics.json")),
                Constraints.read(dir.resolve("constraints.json")));
    }

    /**
     * Writes {@code statistics.json} and {@code constraints.json} into a directory, each atomically.
     *
     * @param dir the directory, created if missing
     */
    public void writeTo(Path dir) {
        MonitorJson.writeAtomically(dir.resolve("statistics.json"), statistics.toJson());
        MonitorJson.writeAtomically(dir.resolve("constraints.json"), constraints.toJson());
    }
}
