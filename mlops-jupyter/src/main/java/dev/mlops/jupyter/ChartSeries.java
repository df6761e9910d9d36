package dev.mlops.jupyter;

import dev.mlops.exception.ValidationException;
import java.util.List;

/**
 * One named line (or set of bars) of a {@link ChartView}: a value per category of the chart, {@code NaN} where the
 * series has no value there (a gap in the line, no bar).
 *
 * @param name the name shown in the legend
 * @param values one value per category, in the chart's category order
 */
public record ChartSeries(String name, List<Double> values) {
    /**
     * Validates and copies the series.
     *
     * @param name the name shown in the legend
     * @param values one value per category, NaN for none
     * @throws ValidationException if the name is null or blank, or a value is null
     */
    public ChartSeries {
        if (name == null || name.isBlank()) {
            throw new ValidationException("ChartSeries.name", name, "a non-blank name");
        }
        if (values == null || values.stream().anyMatch(java.util.Objects::isNull)) {
            throw new ValidationException("ChartSeries.values", String.valueOf(values), "a list of numbers (NaN for none)");
        }
        values = List.copyOf(values);
    }

    /**
     * Whether the series has at least one finite value.
     *
     * @return true when something of it can be drawn
     */
    public boolean hasValues() {
        return values.stream().anyMatch(v -> Double.isFinite(v));
    }
}
