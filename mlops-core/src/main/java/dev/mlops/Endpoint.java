package dev.mlops;

import java.net.URI;

/**
 * A deployed inference endpoint, such as {@code abalone-prod}. It speaks the SageMaker container contract:
 * {@code POST /invocations} with {@code text/csv} or {@code application/json}, {@code GET /ping}.
 */
public interface Endpoint {

    /**
     * The endpoint's name, {@code <project>-<environment>}.
     *
     * @return the name
     */
    String name();

    /**
     * Its base URL (127.0.0.1 on the embedded backend).
     *
     * @return the URL
     */
    URI url();

    /**
     * Sends CSV rows (one per line, no header) and returns one prediction per line.
     *
     * @param csvRows the rows
     * @return the predictions, as the endpoint answered them
     * @throws dev.mlops.exception.MlopsClientException if the endpoint refuses the rows (the message says why)
     */
    String invoke(String csvRows);

    /**
     * Sends a request with any content type.
     *
     * @param contentType {@code text/csv} or {@code application/json}
     * @param accept the wanted response type
     * @param body the request body
     * @return the response body
     */
    String invoke(String contentType, String accept, String body);
}
