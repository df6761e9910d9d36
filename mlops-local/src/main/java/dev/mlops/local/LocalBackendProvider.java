package dev.mlops.local;

import dev.mlops.spi.Backend;
import dev.mlops.spi.BackendProvider;
import dev.mlops.spi.BackendConfig;
import dev.mlops.spi.ConfigKey;

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
    public Backend create(BackendConfig config) {
        LocalBackend.Builder b = LocalBackend.builder();
        config.get(LocalBackend.NAME, ConfigKey.HOME).ifPresent(b::home);
        config.get(LocalBackend.NAME, LocalBackend.USER).ifPresent(b::user);
        return b.build();
    }
}
