package dev.mlops.git.bitbucket.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A Bitbucket answer.
 *
 * @param status the status
 * @param headers the headers
 * @param body the body's bytes
 */
public record HttpAnswer(int status, HttpHeaders headers, byte[] body) {
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The body as JSON; an empty object for an empty body.
     *
     * @return the tree
     * @throws BitbucketApiException if the body is not JSON
     */
    public JsonNode json() {
        try {
            return body == null || body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new BitbucketApiException("Bitbucket answered " + status + " with a body that is not JSON", status,
                    null, false, Map.of(), e);
        }
    }

    /**
     * The body as UTF-8 text.
     *
     * @return the text
     */
    public String text() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    /**
     * A header.
     *
     * @param name its name
     * @return its first value
     */
    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }
}
