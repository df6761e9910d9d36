package dev.mlops.git.bitbucket.internal;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One Bitbucket REST call: method, path (with its query) under the API root, an optional body, the statuses the
 * caller handles itself, the permission the call needs (named in a 401/403 error), and whether repeating it is
 * harmless. A call that is not idempotent is retried only on 429, which Bitbucket answers before doing anything;
 * after any other failure the caller reconciles, so a lost answer never makes a second commit.
 *
 * @param method the HTTP method
 * @param path the path and query, under the API root, already encoded
 * @param contentType the body's type, or {@code null}
 * @param body the body, or {@code null}
 * @param accepted the statuses returned to the caller besides 2xx
 * @param permission the permission or scope the call needs, for error messages
 * @param idempotent whether repeating the call is harmless
 */
public record HttpCall(String method, String path, String contentType, byte[] body, Set<Integer> accepted,
        String permission, boolean idempotent) {

    /**
     * A GET.
     *
     * @param path the path and query
     * @param permission the permission it needs
     * @param accepted statuses besides 2xx the caller handles
     * @return the call
     */
    public static HttpCall get(String path, String permission, Integer... accepted) {
        return new HttpCall("GET", path, null, null, Set.of(accepted), permission, true);
    }

    /**
     * A JSON write.
     *
     * @param method the method
     * @param path the path
     * @param json the body
     * @param permission the permission it needs
     * @param idempotent whether repeating it is harmless
     * @param accepted statuses besides 2xx the caller handles
     * @return the call
     */
    public static HttpCall json(String method, String path, String json, String permission, boolean idempotent,
            Integer... accepted) {
        return new HttpCall(method, path, "application/json", json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                Set.of(accepted), permission, idempotent);
    }

    /** Does not show the body. */
    @Override
    public String toString() {
        return method + " " + path;
    }
}
