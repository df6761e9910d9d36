package dev.mlops.local;

import dev.mlops.spi.Backend;
import dev.mlops.spi.BackendProvider;
import java.nio.file.Path;
import java.util.Map;

/** Makes the {@link LocalBackend} for {@code backend("local")}; options: {@code home}, {@code user}. */
public final class LocalBackendProvider implements BackendProvider {

    /** Creates the provider (ServiceLoader calls this). */
    public LocalBackendProvider() {
    }

    @Override
    public String name() {
        return LocalBackend.NAME;
    }

    @Override
    public Backend create(Map<String, String> options) {
        LocalBackend.Builder b = LocalBackend.builder();
        if (options.containsKey("home")) {
            b.home(Path.of(options.get("home")));
        }
        if (options.containsKey("user")) {
            b.user(options.get("user"));
        }
        return b.build();
    }
}
