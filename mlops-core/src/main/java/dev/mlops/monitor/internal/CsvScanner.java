package dev.mlops.monitor.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Streams RFC 4180 CSV from a file, or a byte range of it, into a {@link RowSink} without creating objects per field.
 *
 * <p>Fields are separated by commas and rows by LF or CRLF; a field starting with a double quote may contain commas,
 * quotes doubled as {@code ""} and line breaks. Memory use is the read buffer (grown only for a single longer row).
 * A range {@code [start, end)} owns the rows that begin inside it: a range not starting at 0 skips the partial row
 * before its first line break, and the last row may run past {@code end}. Ranges assume no line breaks inside quoted
 * fields at range boundaries.
 */
public final class CsvScanner {
    private static final int BUFFER = 1 << 20;

    private byte[] buf = new byte[BUFFER];
    private byte[] scratch = new byte[256];
    private int[] commas = new int[64];

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;
    private static final long COMMA_BYTES = 0x2c2c2c2c2c2c2c2cL;
    private static final long NEWLINE_BYTES = 0x0a0a0a0a0a0a0a0aL;
    private static final long QUOTE_BYTES = 0x2222222222222222L;

    /**
     * Scans {@code [start, end)} of {@code file}.
     *
     * @param file the CSV file
     * @param start first byte of the range
     * @param end one past the last byte (rows starting before it are read to their end)
     * @param skipRows rows to skip at the start of the range (e.g. 1 for a header)
     * @param sink receiver of the fields
     * @throws IOException if reading fails
     */
    public void scan(Path file, long start, long end, int skipRows, RowSink sink) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = start;
            if (start > 0) {
                pos = start - 1;
                ch.position(pos);
                // find the first row start at or after `start`
                ByteBuffer one = ByteBuffer.allocate(8192);
                outer:
                while (true) {
                    one.clear();
                    int n = ch.read(one);
                    if (n <= 0) {
                        return;
                    }
                    for (int i = 0; i < n; i++) {
                        if (one.get(i) == '\n') {
                            pos += i + 1;
                            break outer;
                        }
                    }
                    pos += n;
                }
            }
            if (pos >= end) {
                return;
            }
            ch.position(pos);
            scanChannel(ch, pos, end, skipRows, sink);
        }
    }

    private void scanChannel(FileChannel ch, long basePos, long end, int skipRows, RowSink sink) throws IOException {
        int len = 0;
        int rowStart = 0;
        long rowStartPos = basePos;
        boolean eof = false;
        int skip = skipRows;
        while (true) {
            // compact the unfinished row to the front and refill
            if (rowStart > 0) {
                System.arraycopy(buf, rowStart, buf, 0, len - rowStart);
                len -= rowStart;
                rowStart = 0;
            }
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            if (!eof) {
                int n = ch.read(ByteBuffer.wrap(buf, len, buf.length - len));
                if (n < 0) {
                    eof = true;
                } else {
                    len += n;
                }
            }
            // parse complete rows in buf[rowStart, len)
            while (rowStart < len) {
                if (rowStartPos >= end) {
                    return;
                }
                int next = parseRow(rowStart, len, eof, skip > 0 ? null : sink);
                if (next < 0) {
                    break;
                }
                if (skip > 0) {
                    skip--;
                }
                rowStartPos += next - rowStart;
                rowStart = next;
            }
            if (eof && rowStart >= len) {
                return;
            }
        }
    }

    /** Parses one row starting at {@code p}; returns the start of the next row, or -1 if the row is incomplete. */
    private int parseRow(int p, int len, boolean eof, RowSink sink) {
        // Fast path for the common row without any quote: one scan finds both the commas and the line end, then the
        // fields are delivered from the recorded comma positions. Anything else (a quote anywhere in the row, or no
        // line end in the buffer) takes the general path below, which yields the same fields for unquoted rows.
        int n = 0;
        int i = p;
        int stop = -1;
        // eight bytes at a time: bit 7 of each byte of the masks marks a comma, or a line end / quote
        while (i <= len - 8) {
            long w = (long) LONGS.get(buf, i);
            long comma = bytesEqual(w, COMMA_BYTES);
            long special = bytesEqual(w, NEWLINE_BYTES) | bytesEqual(w, QUOTE_BYTES);
            if (special != 0) {
                int bit = Long.numberOfTrailingZeros(special);
                comma &= (1L << bit) - 1; // only the commas before it
                stop = i + (bit >>> 3);
            }
            while (comma != 0) {
                if (n == commas.length) {
                    commas = Arrays.copyOf(commas, n * 2);
                }
                commas[n++] = i + (Long.numberOfTrailingZeros(comma) >>> 3);
                comma &= comma - 1;
            }
            if (stop >= 0) {
                break;
            }
            i += 8;
        }
        if (stop < 0) {
            for (; i < len; i++) {
                byte c = buf[i];
                if (c == ',') {
                    if (n == commas.length) {
                        commas = Arrays.copyOf(commas, n * 2);
                    }
                    commas[n++] = i;
                } else if (c == '\n' || c == '"') {
                    stop = i;
                    break;
                }
            }
        }
        if (stop >= 0 && buf[stop] == '\n') {
            int rowEnd = stop > p && buf[stop - 1] == '\r' ? stop - 1 : stop;
            if (sink != null && rowEnd > p) {
                int[] cs = commas;
                int start = p;
                for (int f = 0; f < n; f++) {
                    sink.field(f, buf, start, cs[f]);
                    start = cs[f] + 1;
                }
                sink.field(n, buf, start, rowEnd);
                sink.endRow(n + 1);
            }
            return stop + 1;
        }
        return parseGeneralRow(p, len, eof, sink);
    }

    private int parseGeneralRow(int p, int len, boolean eof, RowSink sink) {
        // First pass: find the row end without emitting, so an incomplete row is not half-delivered.
        int end = findRowEnd(p, len);
        if (end < 0) {
            if (!eof) {
                return -1;
            }
            end = len;
        }
        int next = end < len ? end + 1 : len;
        int rowEnd = end;
        if (rowEnd > p && buf[rowEnd - 1] == '\r') {
            rowEnd--;
        }
        if (sink == null) {
            return next;
        }
        if (rowEnd == p) {
            // blank line: Spark skips it, and so do we
            return next;
        }
        int field = 0;
        int i = p;
        while (true) {
            if (i < rowEnd && buf[i] == '"') {
                int out = 0;
                i++;
                while (i < rowEnd) {
                    byte c = buf[i];
                    if (c == '"') {
                        if (i + 1 < rowEnd && buf[i + 1] == '"') {
                            out = put(out, (byte) '"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    out = put(out, c);
                    i++;
                }
                // tolerate junk between the closing quote and the separator by keeping it
                while (i < rowEnd && buf[i] != ',') {
                    out = put(out, buf[i]);
                    i++;
                }
                sink.field(field++, scratch, 0, out);
            } else {
                int s = i;
                while (i < rowEnd && buf[i] != ',') {
                    i++;
                }
                sink.field(field++, buf, s, i);
            }
            if (i >= rowEnd) {
                break;
            }
            i++; // skip comma
            if (i == rowEnd) {
                sink.field(field++, buf, i, i);
                break;
            }
        }
        sink.endRow(field);
        return next;
    }

    /** Bit 7 of each byte of the result is set exactly where the byte of {@code w} equals that of {@code pattern}. */
    private static long bytesEqual(long w, long pattern) {
        long x = w ^ pattern;
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }

    private int put(int out, byte c) {
        if (out == scratch.length) {
            scratch = Arrays.copyOf(scratch, scratch.length * 2);
        }
        scratch[out] = c;
        return out + 1;
    }

    private int findRowEnd(int p, int len) {
        boolean quoted = false;
        boolean fieldStart = true;
        for (int i = p; i < len; i++) {
            byte c = buf[i];
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < len && buf[i + 1] == '"') {
                        i++;
                    } else if (i + 1 >= len) {
                        return -1;
                    } else {
                        quoted = false;
                    }
                }
                continue;
            }
            if (c == '\n') {
                return i;
            }
            if (c == '"' && fieldStart) {
                quoted = true;
            }
            fieldStart = c == ',';
        }
        return -1;
    }

    /**
     * Splits a CSV text held in memory (e.g. one captured request) into rows.
     *
     * @param data the bytes
     * @param sink receiver of the fields
     */
    public void scan(byte[] data, RowSink sink) {
        byte[] saved = buf;
        buf = data;
        int p = 0;
        while (p < data.length) {
            p = parseRow(p, data.length, true, sink);
        }
        buf = saved;
    }
}
