package dev.mlops.local.internal.serving;

/**
 * A model as the endpoint server sees it: one row of numeric features in, one score out.
 *
 * <p>The server parses request rows itself (CSV or JSON) into a reused {@code double[]} so that the hot path
 * allocates no strings per field; a missing CSV field arrives as {@link Double#NaN}, which tree models treat
 * as a missing value. Implementations must be safe to call from several event-loop threads at once.
 */
public interface RowPredictor {

    /**
     * How many feature columns one row must have.
     *
     * @return the column count, at least 1
     */
    int inputColumns();

    /**
     * Scores one row.
     *
     * @param row exactly {@link #inputColumns()} values; the array is reused by the caller after the call
     *            returns, so do not keep it
     * @return the prediction
     * @throws dev.mlops.exception.ValidationException if a value is outside what the model accepts; the server
     *         answers 400 with the message, prefixed with the row number
     */
    double predict(double[] row);

    /**
     * Whether a column holds categories (text) rather than numbers. The server hands such fields to
     * {@link #encode(int, String)} instead of parsing them as numbers.
     *
     * @param column 0-based column
     * @return {@code true} for a categorical column; numeric by default
     */
    default boolean categorical(int column) {
        return false;
    }

    /**
     * Encodes a categorical field as the number {@link #predict(double[])} expects in that column.
     *
     * @param column 0-based column
     * @param text the field's text
     * @return its code
     * @throws IllegalArgumentException if the column is numeric (a predictor with categorical columns overrides this)
     */
    default double encode(int column, String text) {
        throw new IllegalArgumentException("column " + column + " is numeric: the server encodes only columns for which"
                + " categorical(column) is true");
    }
}
