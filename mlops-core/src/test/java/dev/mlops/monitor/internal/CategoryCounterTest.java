package dev.mlops.monitor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Exact counts through the short-value slot cache, at every field offset and length, across rehashes. */
class CategoryCounterTest {
    @Test
    void countsMatchAMapWhateverTheOffsetAndLength() {
        SplittableRandom r = new SplittableRandom(3);
        CategoryCounter counter = new CategoryCounter();
        Map<String, Long> expected = new HashMap<>();
        byte[] buf = new byte[64];
        // a pool below the exact limit: values of 0 to 20 bytes that often differ in one byte only, first or last
        String[] pool = new String[5000];
        for (int p = 0; p < pool.length; p++) {
            int len = r.nextInt(0, 21);
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < len; j++) {
                sb.append((char) ('a' + r.nextInt(r.nextInt(10) == 0 ? 3 : 1)));
            }
            if (len > 0 && r.nextInt(4) == 0) {
                sb.setCharAt(len - 1, (char) ('0' + r.nextInt(10)));
            }
            pool[p] = sb.toString();
        }
        for (int i = 0; i < 200_000; i++) {
            String v = pool[r.nextInt(pool.length)];
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            int start = r.nextInt(0, buf.length - bytes.length + 1);
            // garbage around the field must not matter
            for (int j = 0; j < buf.length; j++) {
                buf[j] = (byte) r.nextInt();
            }
            System.arraycopy(bytes, 0, buf, start, bytes.length);
            counter.add(buf, start, start + bytes.length);
            expected.merge(v, 1L, Long::sum);
        }
        assertEquals(expected.size(), counter.exactSize());
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            assertEquals(e.getValue(), counter.count(e.getKey()), e.getKey());
        }
    }
}
