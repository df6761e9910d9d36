package dev.mlops.monitor.internal;

import dev.mlops.monitor.dataquality.FeatureStatistics;
import dev.mlops.monitor.dataquality.FeatureStatistics.Bucket;
import dev.mlops.monitor.dataquality.FeatureStatistics.CategoryCount;
import dev.mlops.monitor.dataquality.InferredType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Single-pass, mergeable profile of one column: type histogram, moments and KLL sketch of numeric values, and
 * value counts once the column is known to hold strings.
 *
 * <p>Value counts are only kept after the first non-numeric value, because numeric columns do not need them and
 * counting every number would dominate the cost. If numbers arrived before that first string, the column is marked
 * {@link #needsRecount()} and the caller replays the input through {@link #recount} to get exact categories.
 */
public final class ColumnProfile {
    /** Categorical buckets written per String feature (deequ's histogram detail limit). */
    public static final int MAX_BUCKETS = 1000;
    private static final int BUCKETS = 10;

    private final String name;
    private long nulls;
    private long integral;
    private long fractional;
    private long booleans;
    private long strings;
    private final Moments moments = new Moments();
    private KllSketch sketch;
    private CategoryCounter categories;
    private boolean needsRecount;

    /**
     * Creates an empty profile.
     *
     * @param name the column name
     */
    public ColumnProfile(String name) {
        this.name = name;
    }

    /**
     * Column name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Adds one raw field.
     *
     * @param b bytes
     * @param start first byte
     * @param end one past the last byte
     * @param parser the calling thread's parser
     */
    public void accept(byte[] b, int start, int end, ValueParser parser) {
        int type = parser.classify(b, start, end);
        switch (type) {
            case ValueParser.NULL -> nulls++;
            case ValueParser.INTEGRAL, ValueParser.FRACTIONAL -> {
                if (type == ValueParser.INTEGRAL) {
                    integral++;
                } else {
                    fractional++;
                }
                double v = parser.value();
                moments.update(v);
                if (sketch == null) {
                    sketch = new KllSketch();
                }
                sketch.update(v);
                if (categories != null) {
                    categories.add(b, start, end);
                }
            }
            default -> {
                if (type == ValueParser.BOOLEAN) {
                    booleans++;
                } else {
                    strings++;
                }
                if (categories == null) {
                    categories = new CategoryCounter();
                    needsRecount = integral + fractional > 0;
                }
                categories.add(b, start, end);
            }
        }
    }

    /**
     * Whether numbers were seen before the first string, so value counts are incomplete until {@link #recount}.
     *
     * @return true if a replay is needed
     */
    public boolean needsRecount() {
        return needsRecount;
    }

    /**
     * Starts a replay: forgets value counts so that {@link #recount} can count every non-null value again.
     */
    public void beginRecount() {
        categories = new CategoryCounter();
    }

    /**
     * Counts one raw field during a replay (only value counts change).
     *
     * @param b bytes
     * @param start first byte
     * @param end one past the last byte
     */
    public void recount(byte[] b, int start, int end) {
        if (end > start) {
            categories.add(b, start, end);
        }
    }

    /** Ends a replay. */
    public void endRecount() {
        needsRecount = false;
    }

    /**
     * Merges a profile of the same column computed on a later part of the input.
     *
     * @param o the other profile
     */
    public void merge(ColumnProfile o) {
        boolean thisHadNumbers = integral + fractional > 0;
        boolean otherHadNumbers = o.integral + o.fractional > 0;
        nulls += o.nulls;
        integral += o.integral;
        fractional += o.fractional;
        booleans += o.booleans;
        strings += o.strings;
        moments.merge(o.moments);
        if (o.sketch != null) {
            if (sketch == null) {
                sketch = new KllSketch();
            }
            sketch.merge(o.sketch);
        }
        if (o.categories != null) {
            if (categories == null) {
                categories = new CategoryCounter();
                // numbers seen here were never counted as categories
                needsRecount |= thisHadNumbers;
            }
            categories.merge(o.categories);
            needsRecount |= o.needsRecount;
        } else if (categories != null && otherHadNumbers) {
            needsRecount = true;
        }
    }

    /**
     * The type deequ would infer from this column's type histogram.
     *
     * @return the inferred type
     */
    public InferredType inferredType() {
        if (strings > 0 || booleans > 0) {
            return InferredType.String;
        }
        if (fractional > 0) {
            return InferredType.Fractional;
        }
        if (integral > 0) {
            return InferredType.Integral;
        }
        return InferredType.Unknown;
    }

    /**
     * Non-null values seen.
     *
     * @return the count
     */
    public long nonNull() {
        return integral + fractional + booleans + strings;
    }

    /**
     * Builds the file statistics for this column.
     *
     * @param itemCount rows in the dataset (rows that lacked this column count as missing)
     * @return the feature statistics
     */
    public FeatureStatistics toStatistics(long itemCount) {
        long present = nonNull();
        InferredType type = inferredType();
        FeatureStatistics.TypeCounts counts = new FeatureStatistics.TypeCounts(itemCount - present, integral,
                fractional, booleans, strings);
        if (type.isNumeric()) {
            return new FeatureStatistics(name, type, present, itemCount - present, numerical(), null, counts);
        }
        FeatureStatistics.Categorical categorical;
        if (categories == null) {
            categorical = new FeatureStatistics.Categorical(0.0, List.of());
        } else {
            List<CategoryCount> buckets = new ArrayList<>();
            for (Map.Entry<String, Long> e : categories.top(MAX_BUCKETS)) {
                buckets.add(new CategoryCount(e.getKey(), e.getValue()));
            }
            categorical = new FeatureStatistics.Categorical(categories.distinctCount(), buckets);
        }
        return new FeatureStatistics(name, type, present, itemCount - present, null, categorical, counts);
    }

    private FeatureStatistics.Numerical numerical() {
        double min = moments.min();
        double max = moments.max();
        double[][] data = sketch.data();
        WeightedItems items = WeightedItems.of(data);
        List<Bucket> buckets = new ArrayList<>(BUCKETS);
        // deequ evaluates the bounds in exactly this order; changing it changes the last bits
        for (int i = 0; i < BUCKETS; i++) {
            double low = min + (max - min) * i / (double) BUCKETS;
            double high = min + (max - min) * (i + 1) / (double) BUCKETS;
            long count = i == BUCKETS - 1
                    ? items.rankInclusive(high) - items.rankExclusive(low)
                    : items.rankExclusive(high) - items.rankExclusive(low);
            buckets.add(new Bucket(low, high, count));
        }
        return new FeatureStatistics.Numerical(moments.mean(), moments.sum(), moments.stdDev(), min, max, buckets,
                sketch.shrinkingFactor(), sketch.sketchSize(), data);
    }
}
