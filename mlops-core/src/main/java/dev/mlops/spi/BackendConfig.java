package dev.mlops.spi;

import dev.mlops.Secret;
import dev.mlops.exception.ValidationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Typed settings for a backend made by name. A value is looked up in what the code set, then in the system
 * property {@code mlops.<backend>.<key>}, then in the environment variable {@code MLOPS_<BACKEND>_<KEY>} (upper
 * case, dots and hyphens as underscores). {@link #toString()} never shows a {@link Secret}.
 */
public final class BackendConfig {
    private final Map<ConfigKey<?>, Object> values;

    private BackendConfig(Map<ConfigKey<?>, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * No settings set in code.
     *
     * @return the empty configuration
     */
    public static BackendConfig empty() {
        return new BackendConfig(Map.of());
    }

    /**
     * A copy with one more setting.
     *
     * @param key the key
     * @param value its value
     * @param <T> the value's type
     * @return the new configuration
     * @throws ValidationException if the value is null
     */
    public <T> BackendConfig with(ConfigKey<T> key, T value) {
        if (value == null) {
            throw new ValidationException("config." + key.name(), null, "a value of type " + key.type().getSimpleName());
        }
        Map<ConfigKey<?>, Object> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new BackendConfig(copy);
    }

    /**
     * A setting, from the code, a system property or the environment.
     *
     * @param backend the backend's name, for the property and variable names
     * @param key the key
     * @param <T> the value's type
     * @return the value, if set anywhere
     */
    public <T> Optional<T> get(String backend, ConfigKey<T> key) {
        Object v = values.get(key);
        if (v != null) {
            return Optional.of(key.type().cast(v));
        }
        String prop = System.getProperty("mlops." + backend + "." + key.name());
        if (prop != null && !prop.isBlank()) {
            return Optional.of(key.parse(prop.trim()));
        }
        String env = System.getenv(("MLOPS_" + backend + "_" + key.name()).toUpperCase(java.util.Locale.ROOT)
                .replace('.', '_').replace('-', '_'));
        if (env != null && !env.isBlank()) {
            return Optional.of(key.parse(env.trim()));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("BackendConfig{");
        values.forEach((k, v) -> sb.append(sb.length() > 14 ? ", " : "").append(k.name()).append('=')
                .append(v instanceof Secret ? "Secret[redacted]" : v));
        return sb.append('}').toString();
    }
}
