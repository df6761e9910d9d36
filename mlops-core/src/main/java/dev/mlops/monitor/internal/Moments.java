package dev.mlops.monitor.internal;

/**
 * Count, sum, min, max and population variance of a stream of doubles, updated like Spark's
 * {@code CentralMomentAgg} (Welford, in row order) and merged like deequ's {@code StandardDeviationState.sum}
 * (Chan et al.), so a single-threaded pass reproduces Model Monitor's {@code std_dev} bit for bit.
 */
public final class Moments {
    private double n;
    private double avg;
    private double m2;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    /**
     * Adds one value.
     *
     * @param x the value
     */
    public void update(double x) {
        double newN = n + 1.0;
        double delta = x - avg;
        double deltaN = delta / newN;
        avg += deltaN;
        m2 += delta * (delta - deltaN);
        n = newN;
        sum += x;
        if (x < min) {
            min = x;
        }
        if (x > max) {
            max = x;
        }
    }

    /**
     * Merges another partition's moments into these (this partition first).
     *
     * @param o the other moments
     */
    public void merge(Moments o) {
        if (o.n == 0) {
            return;
        }
        if (n == 0) {
            n = o.n;
            avg = o.avg;
            m2 = o.m2;
            sum = o.sum;
            min = o.min;
            max = o.max;
            return;
        }
        double newN = n + o.n;
        double delta = o.avg - avg;
        double deltaN = delta / newN;
        double newAvg = avg + deltaN * o.n;
        m2 = m2 + o.m2 + delta * deltaN * n * o.n;
        avg = newAvg;
        n = newN;
        sum += o.sum;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
    }

    /**
     * Number of values.
     *
     * @return the count
     */
    public long count() {
        return (long) n;
    }

    /**
     * Plain sum in update order.
     *
     * @return the sum
     */
    public double sum() {
        return sum;
    }

    /**
     * deequ's mean: {@code sum / count} (not the running Welford average).
     *
     * @return the mean, NaN when empty
     */
    public double mean() {
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * Population standard deviation {@code sqrt(m2 / n)}.
     *
     * @return the standard deviation, NaN when empty
     */
    public double stdDev() {
        return n == 0 ? Double.NaN : Math.sqrt(m2 / n);
    }

    /**
     * Smallest value.
     *
     * @return the minimum, NaN when empty
     */
    public double min() {
        return n == 0 ? Double.NaN : min;
    }

    /**
     * Largest value.
     *
     * @return the maximum, NaN when empty
     */
    public double max() {
        return n == 0 ? Double.NaN : max;
    }
}
