package dev.mlops.internal;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.pipeline.EndpointTestContext;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@link EndpointTestContext} every host gives a deploy repository's endpoint tests (the embedded backend's
 * child JVM, the AWS test build): one place for the accept type a request asks for and for keeping
 * {@link EndpointTestContext#file} inside the repository. Internal: not part of the public API.
 */
public final class EndpointTestContexts {

    /** Sends one request to the endpoint under test, the way the host reaches it. */
    @FunctionalInterface
    public interface Invoker {
        /**
         * Sends a request.
         *
         * @param contentType the request's content type
         * @param accept the accept type that goes with it ({@code text/csv} for CSV, else JSON)
         * @param body the request body
         * @return the response body
         */
        String invoke(String contentType, String accept, String body);
    }

    private EndpointTestContexts() {
    }

    /**
     * A context over one endpoint.
     *
     * @param endpoint the endpoint's name
     * @param url where the endpoint answers
     * @param invoker how a request reaches it
     * @param repository the deploy repository's root, which {@code file(…)} may not leave
     * @param config the environment's configuration
     * @param log where the tests' output goes
     * @return the context
     */
    public static EndpointTestContext of(String endpoint, URI url, Invoker invoker, Path repository,
            Map<String, String> config, PrintStream log) {
        return new EndpointTestContext() {
            @Override
            public String endpointName() {
                return endpoint;
            }

            @Override
            public URI endpointUrl() {
                return url;
            }

            @Override
            public String invoke(String contentType, String body) {
                return invoker.invoke(contentType, "text/csv".equals(contentType) ? "text/csv" : "application/json", body);
            }

            @Override
            public Path file(String relativePath) {
                Path p = repository.resolve(relativePath).normalize();
                if (!p.startsWith(repository)) {
                    throw new MlopsClientException(relativePath + " leaves the repository", null, Map.of());
                }
                return p;
            }

            @Override
            public Map<String, String> config() {
                return config;
            }

            @Override
            public PrintStream log() {
                return log;
            }
        };
    }
}
