package dev.mlops.local.internal.serving;

import dev.mlops.exception.ValidationException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Parses CSV request bodies straight from the network buffer into a reused {@code double[]}, one row at a
 * time, without building a {@link String} per field. Decimal numbers with at most 15 significant digits and
 * a decimal exponent within ±22 (every value a model client normally sends) take an exact fast path; anything
 * else falls back to {@link Double#parseDouble(String)}, so results always equal the JDK's.
 */
final class CsvNumbers {

    /** Powers of ten that are exact doubles; m / 10^k and m * 10^k are then correctly rounded (Clinger). */
    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private CsvNumbers() {
    }

    /**
     * Parses one field.
     *
     * @param buf the buffer
     * @param start first byte of the field (inclusive)
     * @param end end of the field (exclusive)
     * @param row 1-based row number, for the error message
     * @param column 1-based column number, for the error message
     * @return the value; {@link Double#NaN} for an empty field (a missing value, as SageMaker's XGBoost
     *         container reads it)
     * @throws ValidationException naming row, column and the field's text when it is not a number
     */
    static double parseField(ByteBuf buf, int start, int end, int row, int column) {
        while (start < end && isBlank(buf.getByte(start))) {
            start++;
        }
        while (end > start && isBlank(buf.getByte(end - 1))) {
            end--;
        }
        if (start == end) {
            return Double.NaN;
        }
        int i = start;
        boolean negative = false;
        byte b = buf.getByte(i);
        if (b == '-' || b == '+') {
            negative = b == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = 0;
        boolean seenDot = false;
        boolean anyDigit = false;
        for (; i < end; i++) {
            b = buf.getByte(i);
            if (b >= '0' && b <= '9') {
                anyDigit = true;
                if (mantissa != 0 || b != '0') {
                    digits++;
                }
                if (digits > 15) {
                    return slowPath(buf, start, end, row, column);
                }
                mantissa = mantissa * 10 + (b - '0');
                if (seenDot) {
                    fractionDigits++;
                }
            } else if (b == '.' && !seenDot) {
                seenDot = true;
            } else {
                break;
            }
        }
        int exponent = 0;
        if (i < end && anyDigit && (b == 'e' || b == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < end && (buf.getByte(i) == '-' || buf.getByte(i) == '+')) {
                negativeExponent = buf.getByte(i) == '-';
                i++;
            }
            int expDigits = 0;
            for (; i < end; i++) {
                b = buf.getByte(i);
                if (b < '0' || b > '9' || expDigits > 4) {
                    break;
                }
                exponent = exponent * 10 + (b - '0');
                expDigits++;
            }
            if (expDigits == 0) {
                throw notANumber(buf, start, end, row, column);
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i != end || !anyDigit) {
            return slowPath(buf, start, end, row, column);
        }
        int scale = exponent - fractionDigits;
        double value;
        if (mantissa == 0) {
            value = 0;
        } else if (scale == 0) {
            value = mantissa;
        } else if (scale < 0 && scale >= -22) {
            value = mantissa / POW10[-scale];
        } else if (scale > 0 && scale <= 22) {
            value = mantissa * POW10[scale];
        } else {
            return slowPath(buf, start, end, row, column);
        }
        return negative ? -value : value;
    }

    private static double slowPath(ByteBuf buf, int start, int end, int row, int column) {
        String text = buf.toString(start, end - start, StandardCharsets.UTF_8);
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        // Python's float() (what the SageMaker container uses) accepts these spellings too.
        if (lower.equals("nan") || lower.equals("+nan") || lower.equals("-nan")) {
            return Double.NaN;
        }
        if (lower.equals("inf") || lower.equals("+inf") || lower.equals("infinity") || lower.equals("+infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        if (lower.equals("-inf") || lower.equals("-infinity")) {
            return Double.NEGATIVE_INFINITY;
        }
        // parseDouble also accepts hex floats and a trailing d/f, which are not CSV numbers.
        char last = lower.charAt(lower.length() - 1);
        if (lower.contains("x") || last == 'd' || last == 'f') {
            throw notANumber(buf, start, end, row, column);
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw notANumber(buf, start, end, row, column);
        }
    }

    static ValidationException notANumber(ByteBuf buf, int start, int end, int row, int column) {
        String text = buf.toString(start, Math.min(end - start, 64), StandardCharsets.UTF_8);
        return new ValidationException("row " + row + ", column " + column, text, "a decimal number");
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }
}
