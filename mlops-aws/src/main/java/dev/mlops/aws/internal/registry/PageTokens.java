package dev.mlops.aws.internal.registry;

import dev.mlops.exception.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Page tokens of the registry's listings: SageMaker's {@code NextToken}, wrapped so that a token this registry did
 * not make is refused before it reaches SageMaker.
 */
final class PageTokens {
    private static final String PREFIX = "sm1.";

    private PageTokens() {
    }

    /**
     * Wraps SageMaker's token.
     *
     * @param next SageMaker's {@code NextToken}, null or empty on the last page
     * @return the page token, empty on the last page
     */
    static Optional<String> wrap(String next) {
        if (next == null || next.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(next.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Unwraps a page token.
     *
     * @param token the token of an earlier page
     * @param listing what was listed, for the error
     * @return SageMaker's {@code NextToken}
     * @throws ValidationException if this registry did not make the token
     */
    static String unwrap(String token, String listing) {
        if (token.startsWith(PREFIX)) {
            try {
                return new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // fall through to the refusal
            }
        }
        throw new ValidationException("PageRequest.token", token, "the nextToken of an earlier page of " + listing);
    }
}
