package dev.mlops.monitor.internal;

import java.util.Arrays;

/**
 * Deterministic KLL quantile sketch of doubles, behaving exactly like deequ's {@code QuantileNonSample} with
 * {@code NonSampleCompactor} (the sketch behind Model Monitor's {@code kll} distribution), so that the sketch data
 * it yields is the same item for item.
 *
 * <p>Level {@code h} holds items of weight {@code 2^h} and has capacity {@code 2 * (ceil(k * c^h / 2) + 1)}.
 * When the total item count exceeds the total capacity, the lowest full level is sorted and every second item
 * (alternating offset, no randomness) moves one level up. Buffers keep insertion order until compacted, which is
 * why the file's {@code data} arrays are unsorted. Not thread-safe; use one per thread and {@link #merge}.
 */
public final class KllSketch {
    /** deequ's default shrinking factor {@code c}. */
    public static final double DEFAULT_SHRINKING_FACTOR = 0.64;
    /** deequ's default sketch size {@code k}. */
    public static final int DEFAULT_SKETCH_SIZE = 2048;

    private final int sketchSize;
    private final double shrinkingFactor;
    private double[][] buffers = new double[0][];
    private int[] sizes = new int[0];
    private int[] numOfCompress = new int[0];
    private int[] offsets = new int[0];
    private int levels;
    private int actualSize;
    private int totalCapacity;
    /** Radix-sort scratch for level-0 compactions, allocated on first use and reused (bounded by the level size). */
    private long[] sortKeys;
    private long[] sortScratch;
    private int[] histogram;

    /** Creates an empty sketch with deequ's defaults (k = 2048, c = 0.64). */
    public KllSketch() {
        this(DEFAULT_SKETCH_SIZE, DEFAULT_SHRINKING_FACTOR);
    }

    /**
     * Creates an empty sketch.
     *
     * @param sketchSize k, the level-0 size
     * @param shrinkingFactor c, the capacity ratio between consecutive levels
     */
    public KllSketch(int sketchSize, double shrinkingFactor) {
        this.sketchSize = sketchSize;
        this.shrinkingFactor = shrinkingFactor;
        expand();
    }

    /**
     * Rebuilds a sketch from its level buffers, as stored in a statistics file (level 0 first). Compaction
     * offsets are unknown from the file, so further updates may compact differently than the original would have.
     *
     * @param sketchSize k
     * @param shrinkingFactor c
     * @param data the level buffers
     * @return the sketch
     */
    public static KllSketch fromData(int sketchSize, double shrinkingFactor, double[][] data) {
        KllSketch s = new KllSketch(sketchSize, shrinkingFactor);
        while (s.levels < data.length) {
            s.expand();
        }
        for (int h = 0; h < data.length; h++) {
            s.buffers[h] = Arrays.copyOf(data[h], Math.max(data[h].length, 16));
            s.sizes[h] = data[h].length;
        }
        s.actualSize = s.itemCount();
        return s;
    }

    /**
     * Capacity of level {@code height}, as deequ computes it.
     *
     * @param height the level
     * @return its capacity
     */
    public int capacity(int height) {
        return 2 * ((int) Math.ceil(sketchSize * Math.pow(shrinkingFactor, height) / 2) + 1);
    }

    private void expand() {
        int n = levels + 1;
        buffers = Arrays.copyOf(buffers, n);
        buffers[levels] = new double[levels == 0 ? 64 : 16];
        sizes = Arrays.copyOf(sizes, n);
        numOfCompress = Arrays.copyOf(numOfCompress, n);
        offsets = Arrays.copyOf(offsets, n);
        levels = n;
        totalCapacity += capacity(n - 1);
    }

    private void append(int level, double value) {
        double[] b = buffers[level];
        if (sizes[level] == b.length) {
            b = Arrays.copyOf(b, b.length * 2);
            buffers[level] = b;
        }
        b[sizes[level]++] = value;
    }

    /**
     * Adds one value.
     *
     * @param value the value
     */
    public void update(double value) {
        append(0, value);
        actualSize++;
        if (actualSize > totalCapacity) {
            condense();
        }
    }

    private void condense() {
        for (int h = 0; h < levels; h++) {
            if (sizes[h] >= capacity(h)) {
                if (h + 1 >= levels) {
                    expand();
                }
                compact(h);
                actualSize = itemCount();
                return;
            }
        }
    }

    private void compact(int h) {
        int items = sizes[h];
        int len = items - (items % 2);
        if (numOfCompress[h] % 2 == 1) {
            offsets[h] = 1 - offsets[h];
        }
        double[] b = buffers[h];
        // Sorting in place is safe: the odd leftover lives at index len, outside the sorted range, and deequ keeps
        // exactly that unsorted last element.
        if (h == 0) {
            sortLevelZero(b, len);
        } else {
            // higher levels hold a possible odd leftover followed by sorted halves from the level below
            sortRuns(b, len);
        }
        for (int i = offsets[h]; i < len; i += 2) {
            append(h + 1, b[i]);
        }
        if (items % 2 == 1) {
            b[0] = b[items - 1];
            sizes[h] = 1;
        } else {
            sizes[h] = 0;
        }
        numOfCompress[h]++;
    }

    /**
     * Sorts {@code b[0, n)} into exactly the order {@link Arrays#sort(double[], int, int)} gives, by an LSD radix sort
     * of the IEEE bits mapped to unsigned-comparable keys (total order: -0.0 before 0.0; doubles with equal keys are
     * bit-identical, so stability cannot change the result). Level 0 holds unsorted values, where a comparison sort
     * is dominated by branch mispredictions; the radix sort does at most eight linear passes and skips byte positions
     * that are the same in every key. Falls back to {@code Arrays.sort} if a NaN is present (it orders all NaNs last,
     * whatever their sign bit).
     */
    private void sortLevelZero(double[] b, int n) {
        if (n < 64) {
            Arrays.sort(b, 0, n);
            return;
        }
        ensureScratch(n);
        radixSort(b, n, sortKeys, sortScratch, histogram);
    }

    private void sortRuns(double[] b, int n) {
        if (n < 64) {
            Arrays.sort(b, 0, n);
            return;
        }
        ensureScratch(n);
        mergeSortRuns(b, n, sortKeys, sortScratch);
    }

    private void ensureScratch(int n) {
        if (sortKeys == null || sortKeys.length < n) {
            sortKeys = new long[Math.max(n, capacity(0))];
            sortScratch = new long[sortKeys.length];
            histogram = new int[8 * 256];
        }
    }

    /** Maximum number of ascending runs {@link #mergeSortRuns} merges before leaving the work to Arrays.sort. */
    private static final int MAX_RUNS = 64;

    /**
     * Sorts {@code b[0, n)} into exactly the order {@link Arrays#sort(double[], int, int)} gives, by merging its
     * ascending runs (natural merge sort) on keys whose signed order is the total order of doubles (-0.0 before
     * 0.0; equal keys are bit-identical doubles, so the merge order of ties cannot show). Meant for KLL levels
     * above 0, which hold an odd leftover plus halves already sorted by the level below, so this is a few linear
     * passes instead of a quicksort. Falls back to {@code Arrays.sort} on a NaN or on more than {@link #MAX_RUNS}
     * runs.
     *
     * @param b the values; {@code b[0, n)} is sorted in place
     * @param n how many
     * @param keys scratch of at least {@code n}
     * @param scratch second scratch of at least {@code n}
     */
    static void mergeSortRuns(double[] b, int n, long[] keys, long[] scratch) {
        int[] runEnds = new int[MAX_RUNS + 1];
        int runs = 0;
        long prev = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            double v = b[i];
            if (v != v) {
                Arrays.sort(b, 0, n);
                return;
            }
            long bits = Double.doubleToRawLongBits(v);
            long key = bits ^ ((bits >> 63) & Long.MAX_VALUE);
            if (i > 0 && key < prev) {
                if (runs == MAX_RUNS) {
                    Arrays.sort(b, 0, n);
                    return;
                }
                runEnds[runs++] = i;
            }
            keys[i] = key;
            prev = key;
        }
        runEnds[runs++] = n;
        // merge neighbouring runs pairwise until one is left
        while (runs > 1) {
            int out = 0;
            int start = 0;
            int merged = 0;
            for (int r = 0; r < runs; r += 2) {
                int mid = runEnds[r];
                int end = r + 1 < runs ? runEnds[r + 1] : mid;
                int i = start;
                int j = mid;
                while (i < mid && j < end) {
                    long x = keys[i];
                    long y = keys[j];
                    if (y < x) {
                        scratch[out++] = y;
                        j++;
                    } else {
                        scratch[out++] = x;
                        i++;
                    }
                }
                while (i < mid) {
                    scratch[out++] = keys[i++];
                }
                while (j < end) {
                    scratch[out++] = keys[j++];
                }
                runEnds[merged++] = end;
                start = end;
            }
            runs = merged;
            long[] t = keys;
            keys = scratch;
            scratch = t;
        }
        for (int i = 0; i < n; i++) {
            long key = keys[i];
            b[i] = Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
        }
    }

    /**
     * The radix sort behind level-0 compaction, with caller-provided scratch.
     *
     * @param b the values; {@code b[0, n)} is sorted in place
     * @param n how many
     * @param keys scratch of at least {@code n}
     * @param scratch second scratch of at least {@code n}
     * @param hist scratch of at least {@code 8 * 256}
     */
    static void radixSort(double[] b, int n, long[] keys, long[] scratch, int[] hist) {
        Arrays.fill(hist, 0, 8 * 256, 0);
        for (int i = 0; i < n; i++) {
            double v = b[i];
            if (v != v) {
                Arrays.sort(b, 0, n);
                return;
            }
            long bits = Double.doubleToRawLongBits(v);
            long key = bits ^ ((bits >> 63) | Long.MIN_VALUE);
            keys[i] = key;
            hist[(int) (key & 0xff)]++;
            hist[256 + (int) ((key >>> 8) & 0xff)]++;
            hist[512 + (int) ((key >>> 16) & 0xff)]++;
            hist[768 + (int) ((key >>> 24) & 0xff)]++;
            hist[1024 + (int) ((key >>> 32) & 0xff)]++;
            hist[1280 + (int) ((key >>> 40) & 0xff)]++;
            hist[1536 + (int) ((key >>> 48) & 0xff)]++;
            hist[1792 + (int) (key >>> 56)]++;
        }
        for (int pass = 0; pass < 8; pass++) {
            int base = pass << 8;
            int shift = pass << 3;
            if (hist[base + (int) ((keys[0] >>> shift) & 0xff)] == n) {
                continue; // every key has the same byte here
            }
            int sum = 0;
            for (int d = 0; d < 256; d++) {
                int c = hist[base + d];
                hist[base + d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                long key = keys[i];
                scratch[hist[base + (int) ((key >>> shift) & 0xff)]++] = key;
            }
            long[] t = keys;
            keys = scratch;
            scratch = t;
        }
        for (int i = 0; i < n; i++) {
            long key = keys[i];
            b[i] = Double.longBitsToDouble(key < 0 ? key ^ Long.MIN_VALUE : ~key);
        }
    }

    private int itemCount() {
        int n = 0;
        for (int h = 0; h < levels; h++) {
            n += sizes[h];
        }
        return n;
    }

    /**
     * Merges {@code other} into this sketch (deequ order: this sketch's items first at every level).
     *
     * @param other the sketch to absorb; not modified
     * @return this sketch
     */
    public KllSketch merge(KllSketch other) {
        while (levels < other.levels) {
            expand();
        }
        for (int h = 0; h < other.levels; h++) {
            for (int i = 0; i < other.sizes[h]; i++) {
                append(h, other.buffers[h][i]);
            }
        }
        actualSize = itemCount();
        while (actualSize >= totalCapacity) {
            condense();
        }
        return this;
    }

    /**
     * The level buffers, level 0 first, each in buffer order (what the statistics file stores as {@code data}).
     *
     * @return copies of the buffers
     */
    public double[][] data() {
        double[][] out = new double[levels][];
        for (int h = 0; h < levels; h++) {
            out[h] = Arrays.copyOf(buffers[h], sizes[h]);
        }
        return out;
    }

    /**
     * Total weight of the items held, i.e. the number of values the sketch stands for.
     *
     * @return the weight
     */
    public long totalWeight() {
        long w = 0;
        for (int h = 0; h < levels; h++) {
            w += (long) sizes[h] << h;
        }
        return w;
    }

    /**
     * Sketch size k.
     *
     * @return k
     */
    public int sketchSize() {
        return sketchSize;
    }

    /**
     * Shrinking factor c.
     *
     * @return c
     */
    public double shrinkingFactor() {
        return shrinkingFactor;
    }
}
