package dev.mlops.monitor.dataquality;

import dev.mlops.exception.ValidationException;

/**
 * How to read a dataset and how many threads to use. Defaults: format from the file extension
 * ({@code .jsonl}/{@code .json} → JSON Lines, otherwise CSV), CSV with a header row (the SageMaker SDK default),
 * one thread (bit-for-bit identical to Model Monitor on a single Spark partition).
 */
public final class DataQualityOptions {
    /** Input file format. */
    public enum Format {
        /** Decide from the file extension. */
        AUTO,
        /** Comma-separated values. */
        CSV,
        /** One JSON object per line; top-level keys are the columns. */
        JSON_LINES
    }

    private static final DataQualityOptions DEFAULTS = builder().build();

    private final Format format;
    private final boolean header;
    private final int threads;

    private DataQualityOptions(Builder b) {
        this.format = b.format;
        this.header = b.header;
        this.threads = b.threads;
    }

    /**
     * The default options.
     *
     * @return defaults
     */
    public static DataQualityOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Input format.
     *
     * @return the format
     */
    public Format format() {
        return format;
    }

    /**
     * Whether the first CSV row holds column names; without one, columns are named {@code _c0, _c1, …}.
     *
     * @return true if the CSV has a header
     */
    public boolean header() {
        return header;
    }

    /**
     * Threads used to read a file; more than one splits it into byte ranges whose statistics are merged.
     *
     * @return the thread count
     */
    public int threads() {
        return threads;
    }

    /** Builder of {@link DataQualityOptions}. */
    public static final class Builder {
        private Format format = Format.AUTO;
        private boolean header = true;
        private int threads = 1;

        private Builder() {
        }

        /**
         * Sets the input format.
         *
         * @param format the format
         * @return this builder
         */
        public Builder format(Format format) {
            if (format == null) {
                throw new ValidationException("DataQualityOptions.format", null, "non-null");
            }
            this.format = format;
            return this;
        }

        /**
         * Sets whether the CSV has a header row.
         *
         * @param header true if the first row holds column names
         * @return this builder
         */
        public Builder header(boolean header) {
            this.header = header;
            return this;
        }

        /**
         * Sets the thread count. With more than one thread, sums and standard deviations are combined per chunk
         * (Chan's formula) and KLL sketches merged, so results can differ from one thread in the last bits of
         * {@code sum}/{@code mean}/{@code std_dev} and in the sketch items, exactly as Spark's results depend on
         * its partitioning.
         *
         * @param threads 1 to 256
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new ValidationException("DataQualityOptions.threads", threads, "between 1 and 256");
            }
            this.threads = threads;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public DataQualityOptions build() {
            return new DataQualityOptions(this);
        }
    }
}
