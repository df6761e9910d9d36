package dev.mlops.aws.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * EventBridge's event pattern matching, for the simulation of the rules a project's stack makes: every field of the
 * pattern must match the event; a list matches when any of its items does; an item is a literal or one of the
 * content filters {@code anything-but}, {@code prefix}, {@code exists} (the ones the templates use, and the common
 * ones beside them). An unknown filter is an error, never a silent match.
 */
public final class EventPattern {
    private EventPattern() {
    }

    /**
     * Whether an event matches a pattern.
     *
     * @param pattern the rule's pattern
     * @param event the event
     * @return whether the rule fires
     */
    public static boolean matches(JsonNode pattern, JsonNode event) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode value = event == null ? null : event.get(f.getKey());
            JsonNode p = f.getValue();
            if (p.isObject()) {
                if (value == null || !value.isObject() || !matches(p, value)) {
                    return false;
                }
            } else if (p.isArray()) {
                if (!anyItem(p, value)) {
                    return false;
                }
            } else {
                throw new IllegalArgumentException("pattern field " + f.getKey() + " must be a list or an object: " + p);
            }
        }
        return true;
    }

    private static boolean anyItem(JsonNode items, JsonNode value) {
        for (JsonNode item : items) {
            if (item.isObject()) {
                if (filter(item, value)) {
                    return true;
                }
            } else if (value != null && (value.isArray() ? contains(value, item) : item.equals(value))) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(JsonNode array, JsonNode item) {
        for (JsonNode v : array) {
            if (v.equals(item)) {
                return true;
            }
        }
        return false;
    }

    private static boolean filter(JsonNode filter, JsonNode value) {
        if (filter.has("exists")) {
            return filter.get("exists").asBoolean() == (value != null && !value.isNull());
        }
        if (value == null) {
            return false;
        }
        if (filter.has("anything-but")) {
            JsonNode but = filter.get("anything-but");
            return but.isArray() ? !contains(but, value) : !but.equals(value);
        }
        if (filter.has("prefix")) {
            return value.isTextual() && value.asText().startsWith(filter.get("prefix").asText());
        }
        throw new IllegalArgumentException("content filter not simulated: " + filter);
    }
}
