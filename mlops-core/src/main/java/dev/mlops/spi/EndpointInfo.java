package dev.mlops.spi;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * An endpoint as a host reports it.
 *
 * @param name the endpoint's name
 * @param environment the environment it serves
 * @param status Creating, Updating, InService, Failed or OutOfService
 * @param modelArn the model version it serves
 * @param url its base URL, once known
 * @param updatedAt when it last changed
 */
public record EndpointInfo(String name, String environment, String status, Optional<String> modelArn,
        Optional<URI> url, Instant updatedAt) {
}
