package dev.mlops.internal;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.spi.Backend;
import dev.mlops.spi.BackendProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.mlops.spi.BackendConfig;
import java.util.ServiceLoader;

/**
 * Chooses a backend: an explicit one first; else one named (by the builder, the system property
 * {@code mlops.backend} or the environment variable {@code MLOPS_BACKEND}) and found with {@link ServiceLoader},
 * failing if no provider or several share the name; else the embedded backend, found the same way under the name
 * {@value #DEFAULT} (it lives in {@code mlops-local}, so the core names none of its classes).
 */
public final class Backends {
    /** The backend used when none is named: the embedded one, from {@code dev.mlops:mlops-local}. */
    public static final String DEFAULT = "local";

    private Backends() {
    }

    /**
     * The backend's name asked for outside the code, if any.
     *
     * @return the name, or {@code null}
     */
    public static String configuredName() {
        String name = System.getProperty("mlops.backend");
        if (name == null || name.isBlank()) {
            name = System.getenv("MLOPS_BACKEND");
        }
        return name == null || name.isBlank() ? null : name.trim();
    }

    /**
     * Makes a backend by name.
     *
     * @param name the name, or {@code null} for the configured one or the local default
     * @param options typed settings
     * @return the backend
     */
    public static Backend create(String name, BackendConfig options) {
        String explicit = name != null ? name : configuredName();
        String wanted = explicit != null ? explicit : DEFAULT;
        List<BackendProvider> matches = new ArrayList<>();
        List<String> available = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            available.add(p.name() + " (" + p.getClass().getName() + ")");
            if (p.name().equals(wanted)) {
                matches.add(p);
            }
        }
        if (matches.isEmpty() && explicit == null) {
            throw new MlopsClientException("No backend is on the class path, and the default, the embedded backend, is"
                    + " in its own module: add the dependency dev.mlops:mlops-local (or a remote backend such as"
                    + " dev.mlops:mlops-aws and name it with .backend(\"aws\")); found " + available, null,
                    Map.of("backend", DEFAULT));
        }
        if (matches.isEmpty()) {
            throw new MlopsClientException("No backend named '" + wanted + "' is on the class path; available: " + available
                    + ". Add the backend's module (e.g. dev.mlops:mlops-aws) or pass a Backend to the builder", null,
                    Map.of("backend", wanted));
        }
        if (matches.size() > 1) {
            throw new MlopsClientException("Several backends are named '" + wanted + "': "
                    + matches.stream().map(p -> p.getClass().getName()).toList()
                    + "; remove one from the class path or pass a Backend to the builder", null, Map.of("backend", wanted));
        }
        return matches.get(0).create(options);
    }
}
