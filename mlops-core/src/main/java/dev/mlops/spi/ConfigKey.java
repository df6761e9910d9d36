package dev.mlops.spi;

import dev.mlops.Secret;
import dev.mlops.exception.ValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * A typed setting of a backend, with its name and how to read it from text (a system property or an
 * environment variable). Keys of type {@link Secret} are never printed.
 *
 * <pre>{@code
 * static final ConfigKey<Path> HOME = ConfigKey.path("home", "the directory holding the state");
 * }</pre>
 *
 * @param <T> the value's type
 */
public final class ConfigKey<T> {
    /** The directory a backend keeps its local state in (the embedded backend's home). */
    public static final ConfigKey<Path> HOME = path("home", "the directory a backend keeps its local state in");

    private final String name;
    private final Class<T> type;
    private final String description;
    private final Function<String, T> parser;

    private ConfigKey(String name, Class<T> type, String description, Function<String, T> parser) {
        if (name == null || !name.matches("[a-z][a-zA-Z0-9.-]{0,63}")) {
            throw new ValidationException("ConfigKey.name", name, "a lowercase-first name of letters, digits, . and -");
        }
        this.name = name;
        this.type = type;
        this.description = description;
        this.parser = parser;
    }

    /**
     * A text setting.
     *
     * @param name the name
     * @param description what it sets
     * @return the key
     */
    public static ConfigKey<String> string(String name, String description) {
        return new ConfigKey<>(name, String.class, description, s -> s);
    }

    /**
     * A path setting.
     *
     * @param name the name
     * @param description what it sets
     * @return the key
     */
    public static ConfigKey<Path> path(String name, String description) {
        return new ConfigKey<>(name, Path.class, description, Path::of);
    }

    /**
     * A duration setting, read from ISO-8601 ({@code PT5S}) or milliseconds.
     *
     * @param name the name
     * @param description what it sets
     * @return the key
     */
    public static ConfigKey<Duration> duration(String name, String description) {
        return new ConfigKey<>(name, Duration.class, description, s -> {
            try {
                return s.matches("\\d+") ? Duration.ofMillis(Long.parseLong(s)) : Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw new ValidationException("config." + name, s, "an ISO-8601 duration (PT5S) or milliseconds");
            }
        });
    }

    /**
     * A whole-number setting.
     *
     * @param name the name
     * @param description what it sets
     * @return the key
     */
    public static ConfigKey<Integer> integer(String name, String description) {
        return new ConfigKey<>(name, Integer.class, description, s -> {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new ValidationException("config." + name, s, "a whole number");
            }
        });
    }

    /**
     * A secret setting; its value never shows in messages or {@code toString()}.
     *
     * @param name the name
     * @param description what it sets
     * @return the key
     */
    public static ConfigKey<Secret> secret(String name, String description) {
        return new ConfigKey<>(name, Secret.class, description, Secret::of);
    }

    /**
     * The name.
     *
     * @return e.g. {@code home}
     */
    public String name() {
        return name;
    }

    /**
     * The value's type.
     *
     * @return the class
     */
    public Class<T> type() {
        return type;
    }

    /**
     * What it sets.
     *
     * @return a short description
     */
    public String description() {
        return description;
    }

    /**
     * Reads a value from text.
     *
     * @param text the text
     * @return the value
     * @throws ValidationException if the text does not read as the key's type
     */
    public T parse(String text) {
        return parser.apply(text);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigKey && ((ConfigKey<?>) o).name.equals(name) && ((ConfigKey<?>) o).type.equals(type);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "ConfigKey{" + name + ": " + type.getSimpleName() + "}";
    }
}
