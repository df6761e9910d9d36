package dev.mlops.monitor.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Counts occurrences of byte-string values in bounded memory.
 *
 * <p>Up to {@link #MAX_EXACT} distinct values are counted exactly (open addressing on the raw bytes, no String per
 * value). Beyond that, new values are only counted as {@link #overflowCount()}, so heap stays bounded whatever the
 * input. The distinct count is always deequ's HyperLogLog++ estimate ({@link HyperLogLogPlusPlus}, p = 9) of all
 * values seen, as Model Monitor writes it: the exactly counted values are hashed when it is asked for, the others
 * as they arrive.
 */
public final class CategoryCounter {
    /** Distinct values counted exactly before switching to an estimate. */
    public static final int MAX_EXACT = 10_000;
    private static final int CACHE_BITS = 10;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[][] keys = new byte[64][];
    private long[] hashes = new long[64];
    private long[] counts = new long[64];
    private int size;
    private long overflowCount;
    /** Sketch of the values not kept in the table; null until the table is full. */
    private HyperLogLogPlusPlus overflowSketch;
    /** Slot cache for short values (see {@link #add}); cleared whenever the table is rehashed. */
    private int[] cacheLen;
    private long[] cacheW0;
    private long[] cacheW1;
    private int[] cacheSlot;

    /**
     * Counts one value.
     *
     * @param b bytes
     * @param start first byte
     * @param end one past the last byte
     */
    public void add(byte[] b, int start, int end) {
        // Short values (the usual categories) are first looked up in a small direct-mapped cache keyed by their
        // length and raw bytes read as two words, which identify a value of at most 16 bytes exactly; a hit
        // counts the table slot the value already has, skipping the byte-serial hash and the key compare.
        int len = end - start;
        if (len > 0 && len <= 16 && end >= 8) {
            long w0;
            long w1;
            if (len >= 8) {
                w0 = (long) LONGS.get(b, start);
                w1 = (long) LONGS.get(b, end - 8);
            } else {
                // the value is the top len bytes of the little-endian word ending at `end`
                w0 = (long) LONGS.get(b, end - 8) >>> (64 - 8 * len);
                w1 = 0;
            }
            long mix = (w0 * 0x9E3779B97F4A7C15L ^ w1 * 0xC2B2AE3D27D4EB4FL ^ len) * 0x9E3779B97F4A7C15L;
            // two-way set associative: a few hundred categories in a direct-mapped cache would keep evicting each
            // other (the birthday problem), sending a tenth of the values down the slow path
            int c = (int) (mix >>> (64 - CACHE_BITS)) & ~1;
            if (cacheLen == null) {
                cacheLen = new int[1 << CACHE_BITS];
                cacheW0 = new long[1 << CACHE_BITS];
                cacheW1 = new long[1 << CACHE_BITS];
                cacheSlot = new int[1 << CACHE_BITS];
            }
            if (cacheLen[c] == len && cacheW0[c] == w0 && cacheW1[c] == w1) {
                counts[cacheSlot[c]]++;
                return;
            }
            if (cacheLen[c + 1] == len && cacheW0[c + 1] == w0 && cacheW1[c + 1] == w1) {
                counts[cacheSlot[c + 1]]++;
                return;
            }
            int slot = addSlow(b, start, end);
            if (slot >= 0) {
                // the newest entry takes way 0, the previous one moves to way 1
                cacheLen[c + 1] = cacheLen[c];
                cacheW0[c + 1] = cacheW0[c];
                cacheW1[c + 1] = cacheW1[c];
                cacheSlot[c + 1] = cacheSlot[c];
                cacheLen[c] = len;
                cacheW0[c] = w0;
                cacheW1[c] = w1;
                cacheSlot[c] = slot;
            }
            return;
        }
        addSlow(b, start, end);
    }

    /** Counts one value through the hash table; returns its slot, or -1 if it has none or the table moved. */
    private int addSlow(byte[] b, int start, int end) {
        long h = hash(b, start, end);
        int mask = keys.length - 1;
        int i = (int) h & mask;
        while (true) {
            byte[] k = keys[i];
            if (k == null) {
                break;
            }
            if (hashes[i] == h && same(k, b, start, end)) {
                counts[i]++;
                return i;
            }
            i = (i + 1) & mask;
        }
        if (size >= MAX_EXACT) {
            overflowCount++;
            overflow().add(b, start, end);
            return -1;
        }
        keys[i] = Arrays.copyOfRange(b, start, end);
        hashes[i] = h;
        counts[i] = 1;
        size++;
        if (size * 2 > keys.length) {
            rehash();
            return -1;
        }
        return i;
    }

    private static boolean same(byte[] k, byte[] b, int start, int end) {
        // a plain loop beats the vectorised Arrays.equals call for the short keys typical of categories
        if (k.length != end - start) {
            return false;
        }
        for (int i = 0; i < k.length; i++) {
            if (k[i] != b[start + i]) {
                return false;
            }
        }
        return true;
    }

    private void addCount(byte[] key, long h, long count) {
        int mask = keys.length - 1;
        int i = (int) h & mask;
        while (keys[i] != null) {
            if (hashes[i] == h && Arrays.equals(keys[i], key)) {
                counts[i] += count;
                return;
            }
            i = (i + 1) & mask;
        }
        if (size >= MAX_EXACT) {
            overflowCount += count;
            overflow().add(key, 0, key.length);
            return;
        }
        keys[i] = key;
        hashes[i] = h;
        counts[i] = count;
        size++;
        if (size * 2 > keys.length) {
            rehash();
        }
    }

    private void rehash() {
        if (cacheLen != null) {
            Arrays.fill(cacheLen, 0); // slots move
        }
        byte[][] oldKeys = keys;
        long[] oldHashes = hashes;
        long[] oldCounts = counts;
        keys = new byte[oldKeys.length * 2][];
        hashes = new long[keys.length];
        counts = new long[keys.length];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = (int) oldHashes[j] & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                hashes[i] = oldHashes[j];
                counts[i] = oldCounts[j];
            }
        }
    }

    private HyperLogLogPlusPlus overflow() {
        if (overflowSketch == null) {
            overflowSketch = new HyperLogLogPlusPlus();
        }
        return overflowSketch;
    }

    /**
     * Adds all counts of {@code other} to this counter.
     *
     * @param other the counter to absorb; not modified
     */
    public void merge(CategoryCounter other) {
        if (other.overflowSketch != null) {
            overflow().merge(other.overflowSketch);
        }
        for (int j = 0; j < other.keys.length; j++) {
            if (other.keys[j] != null) {
                addCount(other.keys[j], other.hashes[j], other.counts[j]);
            }
        }
        overflowCount += other.overflowCount;
    }

    /**
     * Number of distinct values as deequ estimates it: HyperLogLog++ with p = 9 over XXH64 (seed 42) of each value's
     * bytes. Below a few hundred values it is usually within one or two of {@link #exactSize()}, not equal to it.
     *
     * @return the distinct count estimate
     */
    public double distinctCount() {
        HyperLogLogPlusPlus sketch = overflowSketch == null ? new HyperLogLogPlusPlus() : overflowSketch.copy();
        for (byte[] k : keys) {
            if (k != null) {
                sketch.add(k, 0, k.length);
            }
        }
        return sketch.estimate();
    }

    /**
     * Number of values counted exactly (all distinct values while at most {@link #MAX_EXACT}).
     *
     * @return the count
     */
    public int exactSize() {
        return size;
    }

    /**
     * Values not counted individually because the exact table was full.
     *
     * @return their total count
     */
    public long overflowCount() {
        return overflowCount;
    }

    /**
     * The exactly counted values ordered by count descending, then value ascending (deequ histogram order).
     *
     * @param limit maximum number of entries
     * @return value-count pairs
     */
    public List<Map.Entry<String, Long>> top(int limit) {
        List<Map.Entry<String, Long>> all = new ArrayList<>(size);
        for (int j = 0; j < keys.length; j++) {
            if (keys[j] != null) {
                all.add(Map.entry(new String(keys[j], StandardCharsets.UTF_8), counts[j]));
            }
        }
        all.sort(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
                .thenComparing(Map.Entry::getKey));
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
    }

    /**
     * Count of one value.
     *
     * @param value the value
     * @return its count, 0 if unseen or not tracked
     */
    public long count(String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        long h = hash(b, 0, b.length);
        int mask = keys.length - 1;
        int i = (int) h & mask;
        while (keys[i] != null) {
            if (hashes[i] == h && Arrays.equals(keys[i], b)) {
                return counts[i];
            }
            i = (i + 1) & mask;
        }
        return 0;
    }

    private static long hash(byte[] b, int start, int end) {
        long h = 0xcbf29ce484222325L;
        for (int i = start; i < end; i++) {
            h ^= b[i];
            h *= 0x100000001b3L;
        }
        // murmur3 finalizer: spreads FNV's weak low bits over the whole word for table index and HLL
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
