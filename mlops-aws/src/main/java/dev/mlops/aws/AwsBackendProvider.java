package dev.mlops.aws;

import dev.mlops.spi.Backend;
import dev.mlops.spi.BackendConfig;
import dev.mlops.spi.BackendProvider;
import java.net.URI;
import software.amazon.awssdk.regions.Region;

/** Makes the {@link AwsBackend} for {@code backend("aws")}; options: {@code region}, {@code endpoint}. */
public final class AwsBackendProvider implements BackendProvider {

    /** Creates the provider (ServiceLoader calls this). */
    public AwsBackendProvider() {
    }

    @Override
    public String name() {
        return AwsBackend.NAME;
    }

    @Override
    public Backend create(BackendConfig config) {
        AwsBackend.Builder b = AwsBackend.builder();
        config.get(AwsBackend.NAME, AwsBackend.REGION).ifPresent(r -> b.region(Region.of(r)));
        config.get(AwsBackend.NAME, AwsBackend.ENDPOINT).ifPresent(e -> b.endpointOverride(URI.create(e)));
        return b.build();
    }
}
