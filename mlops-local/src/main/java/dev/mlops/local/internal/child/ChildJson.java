package dev.mlops.local.internal.child;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The child's requests and answers as maps, lists, strings, numbers and booleans, read and written with
 * Jackson's streaming API only: the child answers its first request without loading Jackson's object mapper,
 * which a step loads only if it uses it.
 */
final class ChildJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ChildJson() {
    }

    /**
     * Reads a JSON object.
     *
     * @param json the text
     * @return its fields, in order
     * @throws IOException if the text is not a JSON object
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            Object v = value(p, p.nextToken());
            if (!(v instanceof Map)) {
                throw new IOException("not a JSON object: " + json);
            }
            return (Map<String, Object>) v;
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new IOException("unexpected end of JSON");
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(value(p, e));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + t);
        }
    }

    /**
     * Writes a map of strings, numbers, booleans, maps and lists as one line of JSON.
     *
     * @param value the map
     * @return the JSON text
     * @throws IOException never, in practice
     */
    static String write(Map<String, Object> value) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object e : l) {
                write(g, e);
            }
            g.writeEndArray();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                g.writeString(d.toString()); // not a JSON number; read back with Double.parseDouble
            } else {
                g.writeNumber(d);
            }
        } else if (v instanceof Float f) {
            write(g, f.doubleValue());
        } else if (v instanceof Number n) {
            g.writeNumber(n.longValue());
        } else {
            g.writeString(String.valueOf(v));
        }
    }
}
