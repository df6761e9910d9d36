package dev.mlops.pipeline;

import dev.mlops.exception.ValidationException;
import dev.mlops.internal.Validation;
import java.util.Objects;

/**
 * A pipeline parameter with a default, overridable per execution (SageMaker's {@code ParameterString},
 * {@code ParameterInteger}, {@code ParameterFloat}). Use it wherever a step takes a {@link PipelineValue}.
 */
public final class Parameter implements PipelineValue {

    /** The parameter's type, as SageMaker names it. */
    public enum Type {
        /** A string. */
        String,
        /** An integer. */
        Integer,
        /** A floating-point number. */
        Float
    }

    private final String name;
    private final Type type;
    private final String defaultValue;

    private Parameter(String name, Type type, String defaultValue) {
        Validation.name("Parameter.name", name);
        this.name = name;
        this.type = type;
        this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
        check(defaultValue);
    }

    /**
     * A string parameter.
     *
     * @param name its name
     * @param defaultValue its default
     * @return the parameter
     */
    public static Parameter string(String name, String defaultValue) {
        return new Parameter(name, Type.String, defaultValue);
    }

    /**
     * An integer parameter.
     *
     * @param name its name
     * @param defaultValue its default
     * @return the parameter
     */
    public static Parameter integer(String name, long defaultValue) {
        return new Parameter(name, Type.Integer, Long.toString(defaultValue));
    }

    /**
     * A floating-point parameter.
     *
     * @param name its name
     * @param defaultValue its default
     * @return the parameter
     */
    public static Parameter floating(String name, double defaultValue) {
        return new Parameter(name, Type.Float, Double.toString(defaultValue));
    }

    /**
     * Checks a value given for this parameter.
     *
     * @param value the value
     * @return the value
     * @throws ValidationException if it does not parse as the parameter's type
     */
    public String check(String value) {
        try {
            if (type == Type.Integer) {
                Long.parseLong(value);
            } else if (type == Type.Float) {
                Double.parseDouble(value);
            }
        } catch (NumberFormatException e) {
            throw new ValidationException("Parameter." + name, value, "a value of type " + type);
        }
        return value;
    }

    /**
     * The name.
     *
     * @return the parameter's name
     */
    public String name() {
        return name;
    }

    /**
     * The type.
     *
     * @return the parameter's type
     */
    public Type type() {
        return type;
    }

    /**
     * The default value.
     *
     * @return the default, as text
     */
    public String defaultValue() {
        return defaultValue;
    }

    @Override
    public String toString() {
        return "Parameter{" + name + ":" + type + "=" + defaultValue + "}";
    }
}
