package dev.mlops.monitor;

import dev.mlops.exception.ValidationException;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A model as the monitors call it: one row of the raw columns a request carries in, one score out. This is all a
 * {@link MonitorJob} needs of a model, so any model can be monitored without the job knowing how it is stored or
 * served: the embedded backend wraps its inference pipeline (feature transform and XGBoost model), a user can wrap
 * any function.
 *
 * <p>A row is numeric: numbers as they are ({@link Double#NaN} for a missing one) and each categorical column as
 * the code {@link #encodeCategory(int, String)} gives its text. {@link #encode(String[])} turns one CSV row into
 * such a row, as the explainability monitor reads captured requests and baseline data. Implementations must be safe
 * to call from several threads and must not keep the row array passed to {@link #score(double[])}.
 *
 * <pre>{@code
 * ScoringFunction model = ScoringFunction.of(List.of("age", "income"), row -> 0.3 * row[0] + 0.01 * row[1]);
 * }</pre>
 */
public interface ScoringFunction {

    /**
     * The raw input columns, in request order; also the feature names of the monitors' reports.
     *
     * @return at least one name; the same list on every call
     */
    List<String> featureNames();

    /**
     * Scores one row.
     *
     * @param row one value per {@link #featureNames() feature}, categories as codes
     * @return the model's output (a regression value, a score or a probability)
     */
    double score(double[] row);

    /**
     * Whether a column holds categories (text) rather than numbers.
     *
     * @param column 0-based column
     * @return {@code true} for a categorical column; numeric by default
     */
    default boolean categorical(int column) {
        return false;
    }

    /**
     * The code of a category in a categorical column, as {@link #score(double[])} expects it.
     *
     * @param column 0-based column for which {@link #categorical(int)} is {@code true}
     * @param text the category, stripped of surrounding blanks
     * @return its code (a model may give unknown categories a code of its own)
     * @throws IllegalArgumentException if the column is numeric (a model with categorical columns overrides this)
     */
    default double encodeCategory(int column, String text) {
        throw new IllegalArgumentException("column " + column + " is numeric: only columns for which categorical(column)"
                + " is true have category codes");
    }

    /**
     * Encodes one raw CSV row as {@link #score(double[])} takes it: numbers parsed (an empty field is missing, NaN),
     * categories as their codes.
     *
     * @param fields the row's fields
     * @return the encoded row, or {@code null} if it has the wrong number of fields or a numeric field is not a
     *     number (the row is unreadable, not guessed at)
     */
    default double[] encode(String[] fields) {
        int width = featureNames().size();
        if (fields.length != width) {
            return null;
        }
        double[] row = new double[width];
        for (int c = 0; c < width; c++) {
            String text = fields[c].strip();
            if (categorical(c)) {
                row[c] = encodeCategory(c, text);
            } else if (text.isEmpty()) {
                row[c] = Double.NaN;
            } else {
                try {
                    row[c] = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return row;
    }

    /**
     * A model of numeric columns only.
     *
     * @param featureNames the input columns, in request order; copied
     * @param model the scoring function of a row
     * @return the scoring function
     * @throws ValidationException if there is no column, a name is blank or repeated, or the model is null
     */
    static ScoringFunction of(List<String> featureNames, ToDoubleFunction<double[]> model) {
        if (featureNames == null || featureNames.isEmpty()) {
            throw new ValidationException("ScoringFunction.featureNames", featureNames, "at least one column name");
        }
        for (String name : featureNames) {
            if (name == null || name.isBlank()) {
                throw new ValidationException("ScoringFunction.featureNames", featureNames, "names that are not blank");
            }
        }
        if (featureNames.stream().distinct().count() != featureNames.size()) {
            throw new ValidationException("ScoringFunction.featureNames", featureNames, "distinct names");
        }
        if (model == null) {
            throw new ValidationException("ScoringFunction.model", null, "non-null");
        }
        List<String> names = List.copyOf(featureNames);
        return new ScoringFunction() {
            @Override
            public List<String> featureNames() {
                return names;
            }

            @Override
            public double score(double[] row) {
                return model.applyAsDouble(row);
            }

            @Override
            public String toString() {
                return "ScoringFunction" + names;
            }
        };
    }
}
