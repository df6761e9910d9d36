package dev.mlops.exception;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A value failed validation when it was built. The message names the field, the rejected value and the
 * rule; the same three are in {@link #context()} under {@code field}, {@code value} and {@code rule}.
 */
public class ValidationException extends MlopsClientException {
    private static final long serialVersionUID = 1L;

    /** The field that failed, qualified by its owner, e.g. {@code Project.name}. */
    private final String field;
    /** The rule the value breaks. */
    private final String rule;

    /**
     * Creates a validation failure.
     *
     * @param field the field, qualified by its owner, e.g. {@code Project.name}
     * @param value the rejected value (rendered with {@link String#valueOf(Object)}; never pass a secret)
     * @param rule the rule it breaks, e.g. {@code "1 to 32 characters matching ^[a-zA-Z](-*[a-zA-Z0-9])*"}
     */
    public ValidationException(String field, Object value, String rule) {
        super(field + " = " + quote(value) + " is invalid: must be " + rule, null, context(field, value, rule));
        this.field = field;
        this.rule = rule;
    }

    /**
     * The field that failed, qualified by its owner.
     *
     * @return the field name
     */
    public String field() {
        return field;
    }

    /**
     * The rule the value broke.
     *
     * @return the rule, in words
     */
    public String rule() {
        return rule;
    }

    private static String quote(Object value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private static Map<String, String> context(String field, Object value, String rule) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("field", field);
        context.put("value", String.valueOf(value));
        context.put("rule", rule);
        return context;
    }
}
