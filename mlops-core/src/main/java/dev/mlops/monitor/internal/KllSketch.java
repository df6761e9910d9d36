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
    /** capacity(h) per level: condense runs on nearly every update once the sketch is full, so no Math.pow there. */
    private int[] capacities = new int[0];
    /**
     * True after a condense found no full level: until level 0 fills (the only level updates touch), another scan
     * would find none either, so updates skip it.
     */
    private boolean idleUntilLevelZeroFull;
    private int levels;
    private int actualSize;
    private int totalCapacity;
    /** Radix-sort scratch for level-0 compactions, allocated on first use and reused (bounded by the level size). */
    private long[] sortKeys;
    private long[] sortScratch;
    private int[][] histograms;

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
        s.idleUntilLevelZeroFull = false;
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
        capacities = Arrays.copyOf(capacities, n);
        capacities[n - 1] = capacity(n - 1);
        levels = n;
        totalCapacity += capacities[n - 1];
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
        if (actualSize > totalCapacity && (!idleUntilLevelZeroFull || sizes[0] >= capacities[0])) {
            condense();
        }
    }

    private void condense() {
        for (int h = 0; h < levels; h++) {
            if (sizes[h] >= capacities[h]) {
                if (h + 1 >= levels) {
                    expand();
                }
                compact(h);
                actualSize = itemCount();
                idleUntilLevelZeroFull = false;
                return;
            }
        }
        idleUntilLevelZeroFull = true;
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
        long[] sorted = null;
        if (h == 0) {
            sorted = sortLevelZero(b, len);
        } else {
            // higher levels hold a possible odd leftover followed by sorted halves from the level below
            sortRuns(b, len);
        }
        if (sorted != null) {
            // only the survivors are turned back into doubles; b itself is not needed sorted
            for (int i = offsets[h]; i < len; i += 2) {
                long key = sorted[i];
                append(h + 1, Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE)));
            }
        } else {
            for (int i = offsets[h]; i < len; i += 2) {
                append(h + 1, b[i]);
            }
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
     * Sorts level 0's {@code b[0, n)} into exactly the order {@link Arrays#sort(double[], int, int)} gives (see
     * {@link #bucketSort}): returns the sorted keys, or null if {@code b} itself was sorted. Level 0 holds unsorted
     * values, where a comparison sort is dominated by branch mispredictions.
     */
    private long[] sortLevelZero(double[] b, int n) {
        if (n < 64) {
            Arrays.sort(b, 0, n);
            return null;
        }
        ensureScratch(n);
        return sortToKeys(b, n, sortKeys, sortScratch, histograms);
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
            histograms = newHistograms(sortKeys.length);
        }
    }

    /** Maximum number of ascending runs {@link #mergeSortRuns} merges before leaving the work to Arrays.sort. */
    private static final int MAX_RUNS = 64;
    /** Run boundaries of {@link #mergeSortRuns}, one array per thread instead of one per compaction. */
    private static final ThreadLocal<int[]> RUN_ENDS = ThreadLocal.withInitial(() -> new int[MAX_RUNS + 1]);

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
        int[] runEnds = RUN_ENDS.get();
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

    /** Bits of key range one bucket pass resolves: 2^11 buckets for a level 0 of about 2,050 items. */
    private static final int BUCKET_BITS = 11;
    /** Ranges at most this long are finished by insertion sort. */
    private static final int INSERTION_MAX = 8;
    /** Bucket passes before a range is left to {@code Arrays.sort}. */
    private static final int MAX_DEPTH = 12;

    /**
     * Scratch histograms for {@link #bucketSort}, one per recursion depth.
     *
     * @return the histograms
     */
    static int[][] newHistograms() {
        return newHistograms(4096);
    }

    private static int[][] newHistograms(int n) {
        int[][] h = new int[MAX_DEPTH][(1 << BUCKET_BITS) + 1];
        h[0] = new int[Math.max(2 * n, 1 << BUCKET_BITS) + 1]; // value buckets, or bit buckets at depth 0
        h[1] = new int[Math.max(n, 1 << BUCKET_BITS) + 1]; // bucket of each key, or bit buckets at depth 1
        return h;
    }

    /**
     * The sort behind level-0 compaction: {@code b[0, n)} in exactly the order {@link Arrays#sort(double[], int,
     * int)} gives. Each double maps to a long whose signed order is the total order of doubles (-0.0 before 0.0;
     * equal keys are bit-identical doubles, so stability cannot change the result). One most-significant-digit
     * bucket pass spreads the keys over 2^11 buckets scaled to their actual range (so data of any magnitude fills
     * the buckets), and the few keys per bucket are finished by insertion sort; a crowded bucket recurses on its own
     * range. That is three linear passes for typical data instead of the eight of a byte-wise radix sort. Falls back
     * to {@code Arrays.sort} if a NaN is present (it orders all NaNs last, whatever their sign bit).
     *
     * @param b the values; {@code b[0, n)} is sorted in place
     * @param n how many
     * @param keys scratch of at least {@code n}
     * @param scratch second scratch of at least {@code n}
     * @param hists scratch from {@link #newHistograms()}
     */
    static void bucketSort(double[] b, int n, long[] keys, long[] scratch, int[][] hists) {
        long[] sorted = sortToKeys(b, n, keys, scratch, hists);
        if (sorted != null) {
            for (int i = 0; i < n; i++) {
                long key = sorted[i];
                b[i] = Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
            }
        }
    }

    /**
     * {@link #bucketSort} up to the sorted keys: returns {@code keys} or {@code scratch}, whichever holds them, or
     * null if a NaN made it sort {@code b} itself with {@code Arrays.sort}.
     */
    static long[] sortToKeys(double[] b, int n, long[] keys, long[] scratch, int[][] hists) {
        double lo = b[0];
        double hi = lo;
        for (int i = 0; i < n; i++) {
            double v = b[i];
            if (v != v) {
                Arrays.sort(b, 0, n);
                return null;
            }
            // plain compares, not Math.min/max: -0.0 against 0.0 does not matter for the bucket scale
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
            long bits = Double.doubleToRawLongBits(v);
            keys[i] = bits ^ ((bits >> 63) & Long.MAX_VALUE);
        }
        double width = hi - lo;
        int[] h = hists[0];
        int[] bucketOf = hists[1];
        int buckets = 2 * n;
        if (width > 0 && width < Double.POSITIVE_INFINITY && buckets < h.length && n <= bucketOf.length) {
            // buckets linear in the value (where bit patterns are logarithmic): (v - lo) * scale never decreases as
            // v grows, so bucket order is value order, and data of any spread gets about one key per two buckets
            double scale = (buckets - 1) / width;
            Arrays.fill(h, 0, buckets + 1, 0);
            for (int i = 0; i < n; i++) {
                int d = Math.min(buckets - 1, (int) ((b[i] - lo) * scale));
                bucketOf[i] = d;
                h[d + 1]++;
            }
            for (int d = 1; d <= buckets; d++) {
                h[d] += h[d - 1];
            }
            for (int i = 0; i < n; i++) {
                scratch[h[bucketOf[i]]++] = keys[i];
            }
            // keys are now ordered by bucket; one insertion pass orders each bucket's few keys (a crowded bucket,
            // from skewed data, is sorted on its own first)
            int start = 0;
            for (int d = 0; d < buckets; d++) {
                int end = h[d];
                if (end - start > INSERTION_MAX) {
                    sortKeys(scratch, keys, start, end, hists, 2);
                }
                start = end;
            }
            insertionSort(scratch, 0, n);
            return scratch;
        }
        sortKeys(keys, scratch, 0, n, hists, 0);
        return keys;
    }

    private static void sortKeys(long[] a, long[] tmp, int from, int to, int[][] hists, int depth) {
        if (to - from <= INSERTION_MAX) {
            insertionSort(a, from, to);
            return;
        }
        if (depth == MAX_DEPTH) {
            Arrays.sort(a, from, to);
            return;
        }
        long min = a[from];
        long max = min;
        for (int i = from + 1; i < to; i++) {
            long k = a[i];
            min = Math.min(min, k);
            max = Math.max(max, k);
        }
        if (min == max) {
            return;
        }
        long range = max - min; // unsigned: the keys may span more than Long.MAX_VALUE
        // about two buckets per key, at most 2^11
        int bucketBits = Math.min(BUCKET_BITS, 33 - Integer.numberOfLeadingZeros(to - from));
        int shift = Math.max(0, 64 - Long.numberOfLeadingZeros(range) - bucketBits);
        int buckets = (int) (range >>> shift) + 1;
        int[] h = hists[depth];
        Arrays.fill(h, 0, buckets + 1, 0);
        for (int i = from; i < to; i++) {
            h[(int) ((a[i] - min) >>> shift) + 1]++;
        }
        h[0] = from;
        for (int d = 1; d <= buckets; d++) {
            h[d] += h[d - 1];
        }
        for (int i = from; i < to; i++) {
            long k = a[i];
            tmp[h[(int) ((k - min) >>> shift)]++] = k;
        }
        System.arraycopy(tmp, from, a, from, to - from);
        // h[d] is now the end of bucket d; with shift 0 each bucket holds one key value and is done
        if (shift == 0) {
            return;
        }
        int start = from;
        for (int d = 0; d < buckets; d++) {
            int end = h[d];
            int size = end - start;
            if (size > INSERTION_MAX) {
                sortKeys(a, tmp, start, end, hists, depth + 1);
            } else if (size > 1) {
                insertionSort(a, start, end);
            }
            start = end;
        }
    }

    private static void insertionSort(long[] a, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            long x = a[i];
            int j = i - 1;
            while (j >= from && a[j] > x) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = x;
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
        idleUntilLevelZeroFull = false;
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
