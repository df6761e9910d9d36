package dev.mlops.internal;

import dev.mlops.Endpoint;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.EndpointInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@link Endpoint}: requests go through the composition's endpoint host. */
final class EndpointHandle implements Endpoint {
    private final ProjectContext ctx;
    private final EndpointInfo info;

    EndpointHandle(ProjectContext ctx, EndpointInfo info) {
        this.ctx = ctx;
        this.info = info;
    }

    @Override
    public String name() {
        return info.name();
    }

    @Override
    public URI url() {
        return info.url().orElseThrow(() -> new MlopsBackendException("Endpoint " + info.name() + " is " + info.status()
                + " and has no address", null, Map.of("endpoint", info.name()), true));
    }

    @Override
    public String invoke(String csvRows) {
        return invoke("text/csv", "text/csv", csvRows);
    }

    @Override
    public String invoke(String contentType, String accept, String body) {
        checkRequest(contentType, accept, body);
        return new String(ctx.components().endpoints().invoke(ctx.record(), info.name(), contentType, accept,
                body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Override
    public String invoke(String contentType, String accept, String body, String inferenceId) {
        checkRequest(contentType, accept, body);
        if (inferenceId == null || inferenceId.isEmpty() || inferenceId.length() > 64
                || !inferenceId.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new ValidationException("Endpoint.invoke.inferenceId", inferenceId, "1 to 64 printable ASCII characters");
        }
        return new String(ctx.components().endpoints().invoke(ctx.record(), info.name(), contentType, accept,
                body.getBytes(StandardCharsets.UTF_8), inferenceId), StandardCharsets.UTF_8);
    }

    private static void checkRequest(String contentType, String accept, String body) {
        Validation.notBlank("Endpoint.invoke.contentType", contentType);
        Validation.notBlank("Endpoint.invoke.accept", accept);
        Validation.notNull("Endpoint.invoke.body", body, "the request body, e.g. CSV rows");
    }

    @Override
    public String toString() {
        return "Endpoint{" + info.name() + " " + info.status() + " " + info.url().map(URI::toString).orElse("") + "}";
    }
}
