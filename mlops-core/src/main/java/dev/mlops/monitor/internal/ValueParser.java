package dev.mlops.monitor.internal;

import java.nio.charset.StandardCharsets;

/**
 * Classifies a raw field the way deequ's {@code DataType} analyzer does and parses numbers without allocating.
 *
 * <p>Classes follow deequ's regular expressions: Integral {@code ^(-|\+)? ?\d+$}, Fractional
 * {@code ^(-|\+)? ?\d+((\.\d+)|((?:\.\d+)?[Ee][-+]?\d+))$}, Boolean {@code ^(true|false)$}, an empty field is null
 * (Spark's CSV reader turns empty fields into null) and anything else is a String. Numbers with at most 15
 * significant digits and a decimal exponent within ±22 are converted with a single correctly rounded IEEE
 * multiplication or division (the classic exact fast path); others fall back to {@link Double#parseDouble}.
 * Not thread-safe: {@link #value()} holds the last parsed number.
 */
public final class ValueParser {
    /** Empty or absent field. */
    public static final int NULL = 0;
    /** Whole number. */
    public static final int INTEGRAL = 1;
    /** Decimal or scientific number. */
    public static final int FRACTIONAL = 2;
    /** {@code true} or {@code false}. */
    public static final int BOOLEAN = 3;
    /** Anything else. */
    public static final int STRING = 4;

    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private double value;

    /**
     * The number parsed by the last {@link #classify} call that returned {@link #INTEGRAL} or {@link #FRACTIONAL}.
     *
     * @return the value
     */
    public double value() {
        return value;
    }

    /**
     * Classifies {@code b[start, end)} and, for numbers, parses it into {@link #value()}.
     *
     * @param b the bytes (UTF-8)
     * @param start first byte
     * @param end one past the last byte
     * @return one of {@link #NULL}, {@link #INTEGRAL}, {@link #FRACTIONAL}, {@link #BOOLEAN}, {@link #STRING}
     */
    public int classify(byte[] b, int start, int end) {
        if (start >= end) {
            return NULL;
        }
        int i = start;
        boolean negative = false;
        if (b[i] == '-' || b[i] == '+') {
            negative = b[i] == '-';
            i++;
        }
        if (i < end && b[i] == ' ' && i > start) {
            i++;
        }
        // Fast path for the usual plain number, d+ or d+.d+ with at most 15 digits in all: the mantissa is exact
        // and the general loop below would compute the same value, only with two more branches per digit.
        long m = 0;
        int j = i;
        while (j < end) {
            int d = b[j] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            m = m * 10 + d;
            j++;
        }
        int intDigits = j - i;
        if (intDigits > 0 && intDigits <= 15) {
            if (j == end) {
                value = negative ? -(double) m : (double) m;
                return INTEGRAL;
            }
            if (b[j] == '.') {
                int f = ++j;
                while (j < end) {
                    int d = b[j] - '0';
                    if (d < 0 || d > 9) {
                        break;
                    }
                    m = m * 10 + d;
                    j++;
                }
                int fracDigits = j - f;
                if (j == end && fracDigits > 0 && intDigits + fracDigits <= 15) {
                    double v = m / POW10[fracDigits];
                    value = negative ? -v : v;
                    return FRACTIONAL;
                }
            }
        }
        return classifyGeneral(b, start, end, i, negative);
    }

    private int classifyGeneral(byte[] b, int start, int end, int i, boolean negative) {
        int digitsStart = i;
        long mantissa = 0;
        int significant = 0;
        int dropped = 0;
        while (i < end && isDigit(b[i])) {
            if (significant < 18) {
                if (mantissa != 0 || b[i] != '0') {
                    significant++;
                }
                mantissa = mantissa * 10 + (b[i] - '0');
            } else {
                dropped++;
            }
            i++;
        }
        if (i == digitsStart) {
            return classifyText(b, start, end);
        }
        if (i == end) {
            if (dropped == 0 && significant <= 15) {
                value = negative ? -(double) mantissa : (double) mantissa;
            } else {
                value = slowParse(b, start, end);
            }
            return INTEGRAL;
        }
        int exp10 = dropped;
        if (b[i] == '.') {
            i++;
            int fracStart = i;
            while (i < end && isDigit(b[i])) {
                if (significant < 18) {
                    if (mantissa != 0 || b[i] != '0') {
                        significant++;
                    }
                    mantissa = mantissa * 10 + (b[i] - '0');
                    exp10--;
                }
                i++;
            }
            if (i == fracStart) {
                return classifyText(b, start, end);
            }
        }
        boolean exact = significant <= 15;
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean expNegative = false;
            if (i < end && (b[i] == '-' || b[i] == '+')) {
                expNegative = b[i] == '-';
                i++;
            }
            int expStart = i;
            int e = 0;
            while (i < end && isDigit(b[i])) {
                if (e < 100_000) {
                    e = e * 10 + (b[i] - '0');
                }
                i++;
            }
            if (i == expStart) {
                return classifyText(b, start, end);
            }
            exp10 += expNegative ? -e : e;
        }
        if (i != end) {
            return classifyText(b, start, end);
        }
        if (exact && mantissa == 0) {
            value = negative ? -0.0 : 0.0;
        } else if (exact && exp10 >= -22 && exp10 <= 22) {
            double m = mantissa;
            double v = exp10 < 0 ? m / POW10[-exp10] : m * POW10[exp10];
            value = negative ? -v : v;
        } else {
            value = slowParse(b, start, end);
        }
        return FRACTIONAL;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int classifyText(byte[] b, int start, int end) {
        int len = end - start;
        if (len == 4 && b[start] == 't' && b[start + 1] == 'r' && b[start + 2] == 'u' && b[start + 3] == 'e') {
            return BOOLEAN;
        }
        if (len == 5 && b[start] == 'f' && b[start + 1] == 'a' && b[start + 2] == 'l' && b[start + 3] == 's'
                && b[start + 4] == 'e') {
            return BOOLEAN;
        }
        return STRING;
    }

    private static double slowParse(byte[] b, int start, int end) {
        // Java rejects the optional space after the sign that deequ's patterns allow.
        String s = new String(b, start, end - start, StandardCharsets.ISO_8859_1).replace(" ", "");
        return Double.parseDouble(s);
    }
}
