package dev.mlops.spi;

import dev.mlops.exception.ValidationException;
import java.util.Map;
import java.util.Optional;

/**
 * What to start an execution with.
 *
 * @param reason what started it, in words (shown as the execution's trigger)
 * @param parameters pipeline parameters by name, e.g. {@code ModelPackageArn} for a deploy of a given version
 * @param idempotencyToken a token that makes retries safe: a second start with the same token returns the first
 *     execution instead of starting another
 */
public record StartRequest(String reason, Map<String, String> parameters, Optional<String> idempotencyToken) {
    /**
     * Checks the reason and the idempotency token and copies the parameters; a blank reason or a malformed token is a
     * {@link dev.mlops.exception.ValidationException} naming it.
     *
     * @param reason what started it, in words (shown as the execution's trigger)
     * @param parameters pipeline parameters by name, e.g. {@code ModelPackageArn} for a deploy of a given version
     * @param idempotencyToken a token that makes retries safe: a second start with the same token returns the first
     *     execution instead of starting another
     */
    public StartRequest {
        if (reason == null || reason.isBlank()) {
            throw new ValidationException("StartRequest.reason", reason, "a non-blank reason");
        }
        parameters = Map.copyOf(parameters);
        idempotencyToken = idempotencyToken == null ? Optional.empty() : idempotencyToken;
        idempotencyToken.ifPresent(t -> {
            if (t.isEmpty() || t.length() > 128 || !t.matches("[A-Za-z0-9._:-]+")) {
                throw new ValidationException("StartRequest.idempotencyToken", t,
                        "1 to 128 letters, digits and . _ : - characters");
            }
        });
    }

    /**
     * A plain start.
     *
     * @param reason what started it
     * @return the request
     */
    public static StartRequest of(String reason) {
        return new StartRequest(reason, Map.of(), Optional.empty());
    }
}
