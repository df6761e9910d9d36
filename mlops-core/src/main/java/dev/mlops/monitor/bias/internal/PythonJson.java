package dev.mlops.monitor.bias.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON the way Python's {@code json.dumps(obj, indent=4)} does, which is how Clarify writes
 * {@code analysis.json}: four-space indent, {@code ": "} after keys, one array element per line, floats in
 * Python's {@code repr} form ({@code 1e-05}, {@code 0.1}). Not part of the public API.
 */
public final class PythonJson {

    private PythonJson() {
    }

    /**
     * Renders a tree; no trailing newline, as {@code json.dump} writes none.
     *
     * @param node the tree
     * @return the text
     */
    public static String dumps(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, 0, out);
        return out.toString();
    }

    private static void write(JsonNode node, int depth, StringBuilder out) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                indent(depth + 1, out);
                string(e.getKey(), out);
                out.append(": ");
                write(e.getValue(), depth + 1, out);
                out.append(it.hasNext() ? ",\n" : "\n");
            }
            indent(depth, out);
            out.append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                indent(depth + 1, out);
                write(node.get(i), depth + 1, out);
                out.append(i + 1 < node.size() ? ",\n" : "\n");
            }
            indent(depth, out);
            out.append(']');
        } else if (node.isTextual()) {
            string(node.textValue(), out);
        } else if (node.isIntegralNumber()) {
            out.append(node.asText());
        } else if (node.isNumber()) {
            out.append(repr(node.doubleValue()));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue() ? "true" : "false");
        } else {
            out.append("null");
        }
    }

    private static void indent(int depth, StringBuilder out) {
        out.append("    ".repeat(depth));
    }

    private static void string(String s, StringBuilder out) {
        // ensure_ascii=True: escape everything outside printable ASCII
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Python's {@code repr(float)}: shortest round-trip digits (as far as {@code Double.toString} gives them on
     * this JDK), fixed notation for decimal exponents -4 to 15, otherwise {@code 1.5e+16} / {@code 1e-05}.
     *
     * @param d the value
     * @return the text; {@code NaN}, {@code Infinity}, {@code -Infinity} for non-finite values
     */
    public static String repr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exp = digits.length() - 1 - bd.scale();
        String sign = d < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = bd.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }
}
