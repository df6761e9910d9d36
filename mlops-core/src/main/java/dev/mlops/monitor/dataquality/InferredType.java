package dev.mlops.monitor.dataquality;

/**
 * The data type Model Monitor infers for a feature ({@code inferred_type} in statistics and constraints files).
 */
public enum InferredType {
    /** Every non-null value is a whole number. */
    Integral,
    /** Every non-null value is a number and at least one has a fraction or exponent. */
    Fractional,
    /** At least one value is not a number (booleans mixed with numbers, and boolean-only columns, are String). */
    String,
    /** No non-null value was seen. */
    Unknown;

    /**
     * Parses the file spelling.
     *
     * @param text {@code Integral}, {@code Fractional}, {@code String} or {@code Unknown}
     * @return the type, {@link #Unknown} for anything else
     */
    public static InferredType parse(java.lang.String text) {
        for (InferredType t : values()) {
            if (t.name().equals(text)) {
                return t;
            }
        }
        return Unknown;
    }

    /**
     * Whether features of this type carry numerical statistics.
     *
     * @return true for Integral and Fractional
     */
    public boolean isNumeric() {
        return this == Integral || this == Fractional;
    }
}
