package dev.mlops.local.internal.child;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One invocation of an embedded endpoint over HTTP, answered as the endpoint host answers its callers: the body on
 * 200, a client error on a 4xx (the endpoint's message kept), a retryable backend error when nothing serves the
 * address. The endpoint host and the child JVM's endpoint tests both call endpoints this way; it lives in the child
 * package because the child JVM carries only that package (and the trainer's) of this module.
 *
 * <p>Requests use {@link HttpURLConnection} (keep-alive, no proxy), not {@code java.net.http.HttpClient}: the
 * latter loads some 160 classes on first use and keeps a selector thread blocked in native code for the rest of the
 * process, which makes the JVM wait 300 ms at exit for that thread to block.
 */
public final class EndpointHttp {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 60_000;

    private EndpointHttp() {
    }

    /**
     * Posts one request to an endpoint's {@code /invocations}.
     *
     * @param endpointName the endpoint, for messages
     * @param url where it answers
     * @param contentType the request's content type
     * @param accept the response type asked for
     * @param body the request body
     * @param inferenceId the capture's inference id, or {@code null}
     * @param notServedHint what to add to the message when nothing listens at {@code url} (may be empty)
     * @return the response body
     * @throws MlopsClientException if the endpoint refuses the request (4xx)
     * @throws MlopsBackendException if it cannot be reached or fails
     */
    public static byte[] invoke(String endpointName, URI url, String contentType, String accept, byte[] body,
            String inferenceId, String notServedHint) {
        int status;
        byte[] answer;
        try {
            HttpURLConnection http = (HttpURLConnection) url.resolve("/invocations").toURL().openConnection(Proxy.NO_PROXY);
            http.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            http.setReadTimeout(READ_TIMEOUT_MILLIS);
            http.setRequestMethod("POST");
            http.setRequestProperty("Content-Type", contentType);
            http.setRequestProperty("Accept", accept);
            if (inferenceId != null) {
                http.setRequestProperty("X-Amzn-SageMaker-Inference-Id", inferenceId);
            }
            http.setDoOutput(true);
            http.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = http.getOutputStream()) {
                out.write(body);
            }
            status = http.getResponseCode();
            // Read the body to its end and close it, so that the connection is kept alive for the next request.
            try (InputStream in = status >= 400 ? http.getErrorStream() : http.getInputStream()) {
                answer = in == null ? new byte[0] : in.readAllBytes();
            }
        } catch (ConnectException e) {
            throw new MlopsBackendException("Endpoint " + endpointName + " at " + url + " is not being served"
                    + notServedHint, e, Map.of("endpoint", endpointName), true);
        } catch (IOException e) {
            throw new MlopsBackendException("Request to endpoint " + endpointName + " at " + url + " failed: " + e.getMessage(), e,
                    Map.of("endpoint", endpointName), true);
        }
        String text = new String(answer, StandardCharsets.UTF_8);
        if (status >= 400 && status < 500) {
            throw new MlopsClientException("Endpoint " + endpointName + " refused the request (HTTP " + status + "): "
                    + text.strip(), null, Map.of("endpoint", endpointName, "status", Integer.toString(status)));
        }
        if (status != 200) {
            throw new MlopsBackendException("Endpoint " + endpointName + " failed (HTTP " + status + "): " + text.strip(),
                    null, Map.of("endpoint", endpointName, "status", Integer.toString(status)), status >= 500);
        }
        return answer;
    }
}
