package dev.mlops.monitor.internal;

/**
 * xxHash64 (Yann Collet's XXH64, written from its specification), as Spark computes it in {@code XXH64}: lanes
 * and words are read little-endian, which is what Spark's {@code Platform.getLong} reads on the x86 and ARM hosts
 * SageMaker runs on. Spark hashes a {@code UTF8String} as its UTF-8 bytes through {@code XXH64.hashUnsafeBytes}
 * (there is no {@code hashUnsafeBytes2} variant for XXH64, unlike Murmur3), a double as {@link #hashLong} of its
 * {@code doubleToLongBits} (with -0.0 hashed as 0.0) and an int through {@link #hashInt}.
 */
public final class XxHash64 {
    /** Seed Spark's HyperLogLog++ (and deequ's copy of it) hashes with. */
    public static final long SPARK_HLL_SEED = 42L;

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private XxHash64() {
    }

    /**
     * Hashes bytes.
     *
     * @param b bytes
     * @param start first byte
     * @param end one past the last byte
     * @param seed the seed
     * @return the 64-bit hash
     */
    public static long hash(byte[] b, int start, int end, long seed) {
        int len = end - start;
        int i = start;
        long acc;
        if (len >= 32) {
            long a1 = seed + P1 + P2;
            long a2 = seed + P2;
            long a3 = seed;
            long a4 = seed - P1;
            for (; end - i >= 32; i += 32) {
                a1 = round(a1, le64(b, i));
                a2 = round(a2, le64(b, i + 8));
                a3 = round(a3, le64(b, i + 16));
                a4 = round(a4, le64(b, i + 24));
            }
            acc = Long.rotateLeft(a1, 1) + Long.rotateLeft(a2, 7) + Long.rotateLeft(a3, 12)
                    + Long.rotateLeft(a4, 18);
            acc = mergeAccumulator(acc, a1);
            acc = mergeAccumulator(acc, a2);
            acc = mergeAccumulator(acc, a3);
            acc = mergeAccumulator(acc, a4);
        } else {
            acc = seed + P5;
        }
        acc += len;
        for (; end - i >= 8; i += 8) {
            acc ^= round(0, le64(b, i));
            acc = Long.rotateLeft(acc, 27) * P1 + P4;
        }
        if (end - i >= 4) {
            acc ^= (le32(b, i) & 0xFFFFFFFFL) * P1;
            acc = Long.rotateLeft(acc, 23) * P2 + P3;
            i += 4;
        }
        for (; i < end; i++) {
            acc ^= (b[i] & 0xFFL) * P5;
            acc = Long.rotateLeft(acc, 11) * P1;
        }
        return avalanche(acc);
    }

    /**
     * Hashes a long as Spark's {@code XXH64.hashLong} does (one 8-byte word).
     *
     * @param value the value
     * @param seed the seed
     * @return the hash
     */
    public static long hashLong(long value, long seed) {
        long acc = seed + P5 + 8L;
        acc ^= round(0, value);
        acc = Long.rotateLeft(acc, 27) * P1 + P4;
        return avalanche(acc);
    }

    /**
     * Hashes an int as Spark's {@code XXH64.hashInt} does (one 4-byte word).
     *
     * @param value the value
     * @param seed the seed
     * @return the hash
     */
    public static long hashInt(int value, long seed) {
        long acc = seed + P5 + 4L;
        acc ^= (value & 0xFFFFFFFFL) * P1;
        acc = Long.rotateLeft(acc, 23) * P2 + P3;
        return avalanche(acc);
    }

    /**
     * Hashes a double as Spark hashes a {@code DoubleType} value: -0.0 as 0.0, otherwise its
     * {@code doubleToLongBits} (so every NaN hashes alike).
     *
     * @param value the value
     * @param seed the seed
     * @return the hash
     */
    public static long hashDouble(double value, long seed) {
        return hashLong(value == 0.0 ? 0L : Double.doubleToLongBits(value), seed);
    }

    private static long round(long acc, long lane) {
        return Long.rotateLeft(acc + lane * P2, 31) * P1;
    }

    private static long mergeAccumulator(long acc, long a) {
        return (acc ^ round(0, a)) * P1 + P4;
    }

    private static long avalanche(long h) {
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    private static long le64(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24
                | (b[i + 4] & 0xFFL) << 32 | (b[i + 5] & 0xFFL) << 40 | (b[i + 6] & 0xFFL) << 48
                | (b[i + 7] & 0xFFL) << 56;
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }
}
