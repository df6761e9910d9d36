package dev.mlops.monitor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The word-at-a-time fast path for unquoted rows must deliver exactly the fields of the general parser. */
class CsvScannerTest {
    private static final String[] PIECES = {"", "1", "-2.5", "abc", "store_12", "123456789.01", "a\rb", " x ",
        "0123456789abcdef", "device_19", "é"};

    private static List<List<String>> scan(byte[] data) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        new CsvScanner().scan(data, sink(rows, row));
        return rows;
    }

    private static RowSink sink(List<List<String>> rows, List<String> row) {
        return new RowSink() {
            @Override
            public void field(int index, byte[] b, int start, int end) {
                assertEquals(row.size(), index);
                row.add(new String(b, start, end - start, StandardCharsets.UTF_8));
            }

            @Override
            public void endRow(int fieldCount) {
                assertEquals(row.size(), fieldCount);
                rows.add(List.copyOf(row));
                row.clear();
            }
        };
    }

    /** Plain split: what an unquoted CSV means (LF or CRLF rows, blank lines skipped). */
    private static List<List<String>> reference(String text) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (!line.isEmpty()) {
                rows.add(Arrays.asList(line.split(",", -1)));
            }
        }
        return rows;
    }

    private static String randomCsv(SplittableRandom r, int rows) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            int fields = r.nextInt(1, 20);
            for (int f = 0; f < fields; f++) {
                if (f > 0) {
                    sb.append(',');
                }
                sb.append(PIECES[r.nextInt(PIECES.length)]);
            }
            sb.append(switch (r.nextInt(4)) {
                case 0 -> "\r\n";
                case 1 -> "\n\n";
                default -> "\n";
            });
        }
        return sb.toString();
    }

    @Test
    void unquotedRowsMatchAPlainSplit() {
        SplittableRandom r = new SplittableRandom(11);
        for (int round = 0; round < 300; round++) {
            String text = randomCsv(r, r.nextInt(0, 30));
            if (r.nextBoolean() && !text.isEmpty()) {
                text = text.substring(0, text.length() - 1); // last row without line end
            }
            assertEquals(reference(text), scan(text.getBytes(StandardCharsets.UTF_8)), text);
        }
    }

    @Test
    void unquotedFileAcrossBufferRefillsMatchesAPlainSplit(@TempDir Path dir) throws Exception {
        String text = randomCsv(new SplittableRandom(5), 60_000); // a few MB: several 1 MB buffer refills
        Path file = dir.resolve("x.csv");
        Files.writeString(file, text);
        List<List<String>> rows = new ArrayList<>();
        new CsvScanner().scan(file, 0, Long.MAX_VALUE, 0, sink(rows, new ArrayList<>()));
        assertEquals(reference(text), rows);
    }

    @Test
    void quotedFieldsStillTakeTheGeneralPath() {
        String text = "a,\"b,c\",d\r\n\"say \"\"hi\"\"\",x\"y\n1,\"multi\nline\",2\n\"q\"junk,3";
        assertEquals(List.of(List.of("a", "b,c", "d"), List.of("say \"hi\"", "x\"y"),
                List.of("1", "multi\nline", "2"), List.of("qjunk", "3")),
                scan(text.getBytes(StandardCharsets.UTF_8)));
    }
}
