package dev.mlops.spi;

import java.util.Optional;

/** Hosts inference endpoints: SageMaker endpoints or embedded HTTP servers. */
public interface EndpointHost {

    /**
     * Describes an endpoint.
     *
     * @param project the project
     * @param endpointName the endpoint's name
     * @return the endpoint, if it exists
     */
    Optional<EndpointInfo> describe(ProjectRecord project, String endpointName);

    /**
     * Sends a request to an endpoint.
     *
     * @param project the project
     * @param endpointName the endpoint's name
     * @param contentType the request's content type
     * @param accept the wanted response type
     * @param body the request body
     * @return the response body
     * @throws dev.mlops.exception.MlopsClientException if the endpoint refuses the request (4xx)
     */
    byte[] invoke(ProjectRecord project, String endpointName, String contentType, String accept, byte[] body);
}
