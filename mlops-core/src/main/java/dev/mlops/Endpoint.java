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

    /**
     * Sends a request with an inference id, as a caller sets {@code X-Amzn-SageMaker-Inference-Id}: data capture
     * records it, and ground truth uploaded for it ({@code project.monitors().groundTruth(endpoint)}) joins this
     * inference in model-quality and bias monitoring.
     *
     * @param contentType {@code text/csv} or {@code application/json}
     * @param accept the wanted response type
     * @param body the request body
     * @param inferenceId 1 to 64 printable ASCII characters
     * @return the response body
     * @throws dev.mlops.exception.ValidationException if the inference id is empty, too long or not printable ASCII
     */
    String invoke(String contentType, String accept, String body, String inferenceId);
}
