package dev.mlops.monitor.dataquality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.MonitorJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Statistics of one feature (column) as in a Model Monitor {@code statistics.json}: presence counts, and either
 * {@link Numerical numerical} statistics with a KLL sketch or {@link Categorical string} statistics.
 */
public final class FeatureStatistics {
    private final String name;
    private final InferredType inferredType;
    private final long numPresent;
    private final long numMissing;
    private final Numerical numerical;
    private final Categorical categorical;
    private final TypeCounts typeCounts;

    /**
     * Creates feature statistics; exactly one of {@code numerical} and {@code categorical} is expected for
     * numeric and String features respectively.
     *
     * @param name feature name
     * @param inferredType inferred type
     * @param numPresent non-null values
     * @param numMissing null values
     * @param numerical numerical statistics, or null
     * @param categorical string statistics, or null
     * @param typeCounts per-type value counts when computed locally, or null when read from a file
     */
    public FeatureStatistics(String name, InferredType inferredType, long numPresent, long numMissing,
                             Numerical numerical, Categorical categorical, TypeCounts typeCounts) {
        if (name == null) {
            throw new ValidationException("FeatureStatistics.name", null, "non-null");
        }
        this.name = name;
        this.inferredType = inferredType;
        this.numPresent = numPresent;
        this.numMissing = numMissing;
        this.numerical = numerical;
        this.categorical = categorical;
        this.typeCounts = typeCounts;
    }

    /**
     * Feature name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Inferred data type.
     *
     * @return the type
     */
    public InferredType inferredType() {
        return inferredType;
    }

    /**
     * Count of non-null values ({@code num_present}).
     *
     * @return the count
     */
    public long numPresent() {
        return numPresent;
    }

    /**
     * Count of null or empty values ({@code num_missing}).
     *
     * @return the count
     */
    public long numMissing() {
        return numMissing;
    }

    /**
     * Fraction of non-null values, NaN when there were no rows.
     *
     * @return {@code numPresent / (numPresent + numMissing)}
     */
    public double completeness() {
        long total = numPresent + numMissing;
        return total == 0 ? Double.NaN : (double) numPresent / total;
    }

    /**
     * Numerical statistics, present for Integral and Fractional features.
     *
     * @return the statistics
     */
    public Optional<Numerical> numerical() {
        return Optional.ofNullable(numerical);
    }

    /**
     * String statistics, present for String (and Unknown) features.
     *
     * @return the statistics
     */
    public Optional<Categorical> categorical() {
        return Optional.ofNullable(categorical);
    }

    /**
     * How many values looked like each type; only known for statistics computed by this library (the file
     * format does not store them).
     *
     * @return the counts
     */
    public Optional<TypeCounts> typeCounts() {
        return Optional.ofNullable(typeCounts);
    }

    ObjectNode toJson() {
        ObjectNode f = MonitorJson.object();
        f.put("name", name);
        f.put("inferred_type", inferredType.name());
        if (numerical != null) {
            ObjectNode n = f.putObject("numerical_statistics");
            common(n);
            numerical.writeInto(n);
        } else {
            ObjectNode s = f.putObject("string_statistics");
            common(s);
            Categorical c = categorical == null ? new Categorical(0.0, List.of()) : categorical;
            c.writeInto(s);
        }
        return f;
    }

    private void common(ObjectNode parent) {
        ObjectNode common = parent.putObject("common");
        common.put("num_present", numPresent);
        common.put("num_missing", numMissing);
    }

    static FeatureStatistics fromJson(JsonNode f) {
        String name = f.path("name").asText();
        InferredType type = InferredType.parse(f.path("inferred_type").asText());
        JsonNode num = f.get("numerical_statistics");
        JsonNode str = f.get("string_statistics");
        JsonNode common = num != null ? num.path("common") : str != null ? str.path("common") : MonitorJson.object();
        Numerical numerical = num == null ? null : Numerical.fromJson(num);
        Categorical categorical = str == null ? null : Categorical.fromJson(str);
        return new FeatureStatistics(name, type, common.path("num_present").asLong(),
                common.path("num_missing").asLong(), numerical, categorical, null);
    }

    /**
     * Per-type counts of the values of a feature, as deequ's DataType analyzer histograms them.
     *
     * @param nulls null or empty values
     * @param integral whole numbers
     * @param fractional decimal or scientific numbers
     * @param booleans {@code true}/{@code false}
     * @param strings anything else
     */
    public record TypeCounts(long nulls, long integral, long fractional, long booleans, long strings) {
        /**
         * Non-null values.
         *
         * @return the sum of all non-null classes
         */
        public long nonNull() {
            return integral + fractional + booleans + strings;
        }

        /**
         * Values that can be read as {@code type}: Integral accepts whole numbers, Fractional any number,
         * String and Unknown anything.
         *
         * @param type the expected type
         * @return the count of matching non-null values
         */
        public long matching(InferredType type) {
            return switch (type) {
                case Integral -> integral;
                case Fractional -> integral + fractional;
                default -> nonNull();
            };
        }
    }

    /**
     * Numerical statistics of an Integral or Fractional feature, with deequ's 10-bucket KLL distribution.
     */
    public static final class Numerical {
        private final double mean;
        private final double sum;
        private final double stdDev;
        private final double min;
        private final double max;
        private final List<Bucket> buckets;
        private final double shrinkingFactor;
        private final double sketchSize;
        private final double[][] sketch;

        /**
         * Creates numerical statistics.
         *
         * @param mean sum / count
         * @param sum plain sum
         * @param stdDev population standard deviation
         * @param min minimum
         * @param max maximum
         * @param buckets the distribution buckets
         * @param shrinkingFactor KLL c
         * @param sketchSize KLL k
         * @param sketch KLL level buffers, level 0 first; copied
         */
        public Numerical(double mean, double sum, double stdDev, double min, double max, List<Bucket> buckets,
                         double shrinkingFactor, double sketchSize, double[][] sketch) {
            this.mean = mean;
            this.sum = sum;
            this.stdDev = stdDev;
            this.min = min;
            this.max = max;
            this.buckets = List.copyOf(buckets);
            this.shrinkingFactor = shrinkingFactor;
            this.sketchSize = sketchSize;
            this.sketch = deepCopy(sketch);
        }

        private static double[][] deepCopy(double[][] data) {
            double[][] out = new double[data.length][];
            for (int i = 0; i < data.length; i++) {
                out[i] = data[i].clone();
            }
            return out;
        }

        /**
         * Mean as deequ computes it ({@code sum / count}).
         *
         * @return the mean
         */
        public double mean() {
            return mean;
        }

        /**
         * Sum of the values.
         *
         * @return the sum
         */
        public double sum() {
            return sum;
        }

        /**
         * Population standard deviation.
         *
         * @return the standard deviation
         */
        public double stdDev() {
            return stdDev;
        }

        /**
         * Smallest value.
         *
         * @return the minimum
         */
        public double min() {
            return min;
        }

        /**
         * Largest value.
         *
         * @return the maximum
         */
        public double max() {
            return max;
        }

        /**
         * The 10 equal-width buckets between min and max with their estimated counts.
         *
         * @return the buckets
         */
        public List<Bucket> buckets() {
            return buckets;
        }

        /**
         * The KLL sketch's level buffers (level 0 first); an item at level h stands for 2^h values.
         *
         * @return a copy of the buffers
         */
        public double[][] sketch() {
            return deepCopy(sketch);
        }

        /**
         * KLL parameter k.
         *
         * @return the sketch size
         */
        public double sketchSize() {
            return sketchSize;
        }

        /**
         * KLL parameter c.
         *
         * @return the shrinking factor
         */
        public double shrinkingFactor() {
            return shrinkingFactor;
        }

        void writeInto(ObjectNode n) {
            n.put("mean", mean);
            n.put("sum", sum);
            n.put("std_dev", stdDev);
            n.put("min", min);
            n.put("max", max);
            ObjectNode kll = n.putObject("distribution").putObject("kll");
            ArrayNode b = kll.putArray("buckets");
            for (Bucket bucket : buckets) {
                ObjectNode o = b.addObject();
                o.put("lower_bound", bucket.lowerBound());
                o.put("upper_bound", bucket.upperBound());
                o.put("count", bucket.count());
            }
            ObjectNode sk = kll.putObject("sketch");
            ObjectNode params = sk.putObject("parameters");
            params.put("c", shrinkingFactor);
            params.put("k", sketchSize);
            ArrayNode data = sk.putArray("data");
            for (double[] level : sketch) {
                ArrayNode l = data.addArray();
                for (double v : level) {
                    l.add(v);
                }
            }
        }

        static Numerical fromJson(JsonNode n) {
            JsonNode kll = n.path("distribution").path("kll");
            List<Bucket> buckets = new ArrayList<>();
            for (JsonNode b : kll.path("buckets")) {
                buckets.add(new Bucket(b.path("lower_bound").asDouble(), b.path("upper_bound").asDouble(),
                        b.path("count").asDouble()));
            }
            JsonNode data = kll.path("sketch").path("data");
            double[][] sketch = new double[data.size()][];
            for (int i = 0; i < data.size(); i++) {
                JsonNode level = data.get(i);
                sketch[i] = new double[level.size()];
                for (int j = 0; j < level.size(); j++) {
                    sketch[i][j] = level.get(j).asDouble();
                }
            }
            JsonNode params = kll.path("sketch").path("parameters");
            return new Numerical(num(n.get("mean")), num(n.get("sum")), num(n.get("std_dev")), num(n.get("min")),
                    num(n.get("max")), buckets, params.path("c").asDouble(0.64), params.path("k").asDouble(2048),
                    sketch);
        }

        private static double num(JsonNode node) {
            if (node == null || node.isNull()) {
                return Double.NaN;
            }
            return node.isTextual() ? Double.parseDouble(node.asText()) : node.asDouble();
        }
    }

    /**
     * One KLL distribution bucket.
     *
     * @param lowerBound lower bound
     * @param upperBound upper bound (inclusive for the last bucket)
     * @param count estimated number of values in the bucket
     */
    public record Bucket(double lowerBound, double upperBound, double count) {
    }

    /**
     * One categorical bucket: a value and how often it occurred.
     *
     * @param value the value
     * @param count its count
     */
    public record CategoryCount(String value, long count) {
    }

    /**
     * String statistics: approximate distinct count and the most frequent values.
     */
    public static final class Categorical {
        private final double distinctCount;
        private final List<CategoryCount> buckets;

        /**
         * Creates string statistics.
         *
         * @param distinctCount distinct values (deequ's HyperLogLog++ estimate)
         * @param buckets values by descending count, then ascending value
         */
        public Categorical(double distinctCount, List<CategoryCount> buckets) {
            this.distinctCount = distinctCount;
            this.buckets = List.copyOf(buckets);
        }

        /**
         * Number of distinct values.
         *
         * @return the distinct count
         */
        public double distinctCount() {
            return distinctCount;
        }

        /**
         * The most frequent values (at most 1,000), by descending count.
         *
         * @return the buckets
         */
        public List<CategoryCount> buckets() {
            return buckets;
        }

        void writeInto(ObjectNode s) {
            s.put("distinct_count", distinctCount);
            ArrayNode b = s.putObject("distribution").putObject("categorical").putArray("buckets");
            for (CategoryCount c : buckets) {
                ObjectNode o = b.addObject();
                o.put("value", c.value());
                o.put("count", c.count());
            }
        }

        static Categorical fromJson(JsonNode s) {
            List<CategoryCount> buckets = new ArrayList<>();
            for (JsonNode b : s.path("distribution").path("categorical").path("buckets")) {
                buckets.add(new CategoryCount(b.path("value").asText(), b.path("count").asLong()));
            }
            return new Categorical(s.path("distinct_count").asDouble(), buckets);
        }
    }
}
