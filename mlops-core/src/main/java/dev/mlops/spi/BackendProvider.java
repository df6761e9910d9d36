package dev.mlops.spi;

import java.util.Map;

/**
 * Makes a backend by name; found with {@link java.util.ServiceLoader} when a project names a backend but does
 * not pass one. List implementations in {@code META-INF/services/dev.mlops.spi.BackendProvider}.
 */
public interface BackendProvider {

    /**
     * The name projects use to choose it, e.g. {@code aws}.
     *
     * @return the name
     */
    String name();

    /**
     * Makes the backend.
     *
     * @param options settings by name (from the builder, system properties {@code mlops.<name>.*} or the
     *     environment); never secrets in logs
     * @return the backend
     */
    Backend create(Map<String, String> options);
}
