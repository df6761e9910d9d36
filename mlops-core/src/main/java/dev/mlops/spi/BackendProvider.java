package dev.mlops.spi;

/**
 * Makes a backend by name; found with {@link java.util.ServiceLoader} when a project names a backend (or none:
 * the default is {@code local}, from {@code dev.mlops:mlops-local}). List implementations in
 * {@code META-INF/services/dev.mlops.spi.BackendProvider}.
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
     * @param config typed settings (from the builder, system properties {@code mlops.<name>.*} or the environment)
     * @return the backend
     */
    Backend create(BackendConfig config);
}
