package dev.mlops.monitor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** XXH64 against published vectors, Spark's XXH64Suite values and seed-42 values from an independent model. */
class XxHash64Test {
    private static final long PRIME = 2654435761L;

    private static long hash(String s, long seed) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return XxHash64.hash(b, 0, b.length, seed);
    }

    @Test
    void referenceVectorsWithSeedZero() {
        // xxHash's own sanity value for the empty input, and the values other ports (LLVM, nim-xxhash) publish
        assertThat(hash("", 0)).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(hash("a", 0)).isEqualTo(0xD24EC4F1A98C6E5BL);
        assertThat(hash("abc", 0)).isEqualTo(0x44BC2CF5AD770999L);
        assertThat(hash("foo", 0)).isEqualTo(0x33BF00A859C4BA3FL);
        assertThat(hash("bar", 0)).isEqualTo(0x48A37C90AD27A659L);
    }

    @Test
    void sparkSuiteBuffer() {
        // Spark's XXH64Suite: 101 bytes, byte i = value >> 24 with value = PRIME squared i times (mod 2^64)
        byte[] buf = new byte[101];
        long value = PRIME;
        for (int i = 0; i < buf.length; i++) {
            buf[i] = (byte) (value >> 24);
            value *= value;
        }
        assertThat(XxHash64.hash(buf, 0, 0, 0)).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(XxHash64.hash(buf, 0, 0, PRIME)).isEqualTo(0xAC75FDA2929B17EFL);
        assertThat(XxHash64.hash(buf, 0, 1, 0)).isEqualTo(0x4FCE394CC88952D8L);
        assertThat(XxHash64.hash(buf, 0, 1, PRIME)).isEqualTo(0x739840CB819FA723L);
        assertThat(XxHash64.hash(buf, 0, 14, 0)).isEqualTo(0xCFFA8DB881BC3A3DL);
        assertThat(XxHash64.hash(buf, 0, 14, PRIME)).isEqualTo(0x5B9611585EFCC9CBL);
        assertThat(XxHash64.hash(buf, 0, 101, 0)).isEqualTo(0x0EAB543384F878ADL);
        assertThat(XxHash64.hash(buf, 0, 101, PRIME)).isEqualTo(0xCAA65939306F1E21L);
    }

    @Test
    void seed42AsSparkHllHashesStrings() {
        // computed with a separate model of the xxHash specification (Python, arbitrary-precision arithmetic)
        assertThat(hash("", 42)).isEqualTo(0x98B1582B0977E704L);
        assertThat(hash("a", 42)).isEqualTo(0x88E4FE59ADF7B0CCL);
        assertThat(hash("abc", 42)).isEqualTo(0x13C1D910702770E6L);
        assertThat(hash("The quick brown fox jumps over the lazy dog, twice over.", 42))
                .isEqualTo(0x0A0739FA055CC93CL);
    }

    @Test
    void offsetsAreRespected() {
        byte[] b = "xxabcxx".getBytes(StandardCharsets.UTF_8);
        assertThat(XxHash64.hash(b, 2, 5, 42)).isEqualTo(hash("abc", 42));
    }

    @Test
    void wordHashesAreTheHashOfTheirLittleEndianBytes() {
        long[] longs = {0L, 1L, -1L, 15L, Double.doubleToLongBits(0.455), Long.MIN_VALUE, 0x0123456789ABCDEFL};
        for (long v : longs) {
            byte[] b = new byte[8];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (v >>> (8 * i));
            }
            assertThat(XxHash64.hashLong(v, 42)).isEqualTo(XxHash64.hash(b, 0, 8, 42));
        }
        int[] ints = {0, 1, -1, 15, Integer.MIN_VALUE, 0x01234567};
        for (int v : ints) {
            byte[] b = {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
            assertThat(XxHash64.hashInt(v, 42)).isEqualTo(XxHash64.hash(b, 0, 4, 42));
        }
        assertThat(XxHash64.hashDouble(-0.0, 42)).isEqualTo(XxHash64.hashDouble(0.0, 42));
    }
}
