package dev.mlops.pipeline.ml.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds one regular file in a tar stream (ustar, GNU long names and PAX {@code path} records), so that reading a
 * SageMaker {@code model.tar.gz} needs no archive library in the core.
 */
public final class TarReader {
    private static final int BLOCK = 512;

    private TarReader() {
    }

    /**
     * Reads the content of the first regular file with the given name ({@code ./} prefixes ignored).
     *
     * @param tar the uncompressed tar stream; read up to the entry, not closed
     * @param wanted the file's name inside the archive
     * @return its bytes, or empty if the archive has no such file
     * @throws IOException if the stream is not a well-formed tar archive
     */
    public static Optional<byte[]> read(InputStream tar, String wanted) throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (true) {
            if (!readBlock(tar, header)) {
                return Optional.empty();
            }
            if (isZero(header)) {
                return Optional.empty();
            }
            checkChecksum(header);
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            if (type == 'L' || type == 'x') {
                String text = new String(readData(tar, size), StandardCharsets.UTF_8);
                longName = type == 'L' ? text.replace("\0", "") : paxPath(text, longName);
                continue;
            }
            String name = longName != null ? longName : ustarName(header);
            longName = null;
            if ((type == '0' || type == '\0') && strip(name).equals(wanted)) {
                return Optional.of(readData(tar, size));
            }
            skip(tar, padded(size));
        }
    }

    private static String strip(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }

    private static String ustarName(byte[] h) {
        String name = text(h, 0, 100);
        String magic = text(h, 257, 6);
        if (magic.startsWith("ustar")) {
            String prefix = text(h, 345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private static String paxPath(String records, String fallback) {
        // PAX records are "<length> <key>=<value>\n".
        for (String line : records.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("path=", space + 1)) {
                return line.substring(space + 1 + "path=".length());
            }
        }
        return fallback;
    }

    private static void checkChecksum(byte[] h) throws IOException {
        long stored = octal(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        if (sum != stored) {
            throw new IOException("not a tar archive: header checksum " + stored + " does not match " + sum);
        }
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("tar entry of " + size + " bytes is too large to read into memory");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new EOFException("tar entry truncated: " + data.length + " of " + size + " bytes");
        }
        skip(in, padded(size) - size);
        return data;
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("tar archive truncated");
                }
                s = 1;
            }
            left -= s;
        }
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException("tar archive truncated inside a header");
        }
        return true;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int off, int len) throws IOException {
        if ((h[off] & 0x80) != 0) {
            // GNU base-256 for sizes of 8 GiB and more.
            long v = h[off] & 0x7f;
            for (int i = off + 1; i < off + len; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        String s = text(h, off, len).trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not a tar archive: bad octal field '" + s + "'", e);
        }
    }
}
