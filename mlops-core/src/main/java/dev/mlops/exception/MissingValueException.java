package dev.mlops.exception;

/**
 * A value type was given {@code null}, or built without a required field: the builders of templates, stages,
 * gates and the other values throw it instead of a bare {@link NullPointerException} or
 * {@link IllegalStateException}, so that nothing outside {@link MlopsException} escapes the API.
 */
public class MissingValueException extends ValidationException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception from the generated builder's message (the field's name, or the list of unset required
     * fields).
     *
     * @param detail what the builder reported
     */
    public MissingValueException(String detail) {
        super(field(detail), null, "set to a non-null value (" + detail + ")");
    }

    private static String field(String detail) {
        if (detail == null) {
            return "value";
        }
        int open = detail.indexOf('[');
        int close = detail.indexOf(']', open + 1);
        return open >= 0 && close > open ? detail.substring(open + 1, close) : detail;
    }
}
