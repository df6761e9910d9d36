package dev.mlops.pipeline;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** What an {@link EndpointTest} sees: the endpoint, the checked-out deploy repository, and a log. */
public interface EndpointTestContext {

    /**
     * The endpoint's name, e.g. {@code abalone-staging}.
     *
     * @return the name
     */
    String endpointName();

    /**
     * The endpoint's base URL; {@code POST /invocations} and {@code GET /ping} live under it.
     *
     * @return the URL
     */
    URI endpointUrl();

    /**
     * Sends a request to the endpoint and returns the answer.
     *
     * @param contentType e.g. {@code text/csv}
     * @param body the request body
     * @return the response body
     * @throws dev.mlops.exception.MlopsException if the endpoint does not answer 200
     */
    String invoke(String contentType, String body);

    /**
     * A file of the checked-out deploy repository.
     *
     * @param relativePath e.g. {@code test/test-rows.csv}
     * @return its path
     */
    Path file(String relativePath);

    /**
     * The environment's exported configuration parameters (StageName, EndpointInstanceType, …).
     *
     * @return an unmodifiable map
     */
    Map<String, String> config();

    /**
     * The stage's log.
     *
     * @return a print stream
     */
    PrintStream log();
}
