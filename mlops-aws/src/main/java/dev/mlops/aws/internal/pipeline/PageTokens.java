package dev.mlops.aws.internal.pipeline;

import dev.mlops.exception.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@code Page.nextToken()}s of this orchestrator: the service's own {@code nextToken} with a mark and the index of
 * the pipeline it belongs to, so that a token another component made is refused instead of being sent to AWS.
 */
final class PageTokens {
    private static final String MARK = "cpo1.";

    private PageTokens() {
    }

    /**
     * A decoded token.
     *
     * @param pipeline which of the listed pipelines
     * @param serviceToken the service's token in it (empty: its first page)
     * @param skip how many items of that service page were returned already
     */
    record Position(int pipeline, Optional<String> serviceToken, int skip) {
    }

    static String encode(int pipeline, String serviceToken, int skip) {
        String raw = pipeline + ":" + skip + ":" + (serviceToken == null ? "" : serviceToken);
        return MARK + Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String field, Optional<String> token) {
        if (token.isEmpty()) {
            return new Position(0, Optional.empty(), 0);
        }
        String t = token.get();
        try {
            if (!t.startsWith(MARK)) {
                throw new IllegalArgumentException("no mark");
            }
            String raw = new String(Base64.getUrlDecoder().decode(t.substring(MARK.length())), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            int second = raw.indexOf(':', colon + 1);
            int pipeline = Integer.parseInt(raw.substring(0, colon));
            int skip = Integer.parseInt(raw.substring(colon + 1, second));
            String service = raw.substring(second + 1);
            if (pipeline < 0 || skip < 0) {
                throw new IllegalArgumentException("negative");
            }
            return new Position(pipeline, service.isEmpty() ? Optional.empty() : Optional.of(service), skip);
        } catch (RuntimeException e) {
            throw new ValidationException(field, "(" + t.length() + " characters)",
                    "the nextToken of a page this orchestrator returned");
        }
    }
}
