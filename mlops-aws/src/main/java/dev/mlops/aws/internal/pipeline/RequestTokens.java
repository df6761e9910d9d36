package dev.mlops.aws.internal.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code StartPipelineExecution}'s {@code clientRequestToken} from a {@code StartRequest}'s idempotency token. The
 * model allows 1 to 128 letters, digits and hyphens ({@code ^[a-zA-Z0-9-]+$}); a token of that form is sent as it is,
 * any other (with {@code . _ :}) as {@code t-} and the hex SHA-256 of it, so that equal tokens stay equal and
 * different ones differ.
 */
final class RequestTokens {
    private static final Pattern MODEL = Pattern.compile("[a-zA-Z0-9-]{1,128}");

    private RequestTokens() {
    }

    /**
     * The client request token to send.
     *
     * @param idempotencyToken the request's token, if any
     * @return the token, or empty to let the SDK make a fresh one (the member is an idempotency token)
     */
    static Optional<String> clientRequestToken(Optional<String> idempotencyToken) {
        return idempotencyToken.map(t -> MODEL.matcher(t).matches() ? t : "t-" + sha256(t));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
