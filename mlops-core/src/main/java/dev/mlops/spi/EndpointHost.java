package dev.mlops.spi;

import java.util.Optional;

/** Hosts inference endpoints: SageMaker endpoints or embedded HTTP servers. */
public interface EndpointHost extends Component {

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

    /**
     * Sends a request carrying an inference id ({@code X-Amzn-SageMaker-Inference-Id}). A host that cannot pass
     * one refuses rather than drop it, since ground truth would then never join the inference.
     *
     * @param project the project
     * @param endpointName the endpoint's name
     * @param contentType the request's content type
     * @param accept the wanted response type
     * @param body the request body
     * @param inferenceId the inference id, already validated
     * @return the response body
     * @throws dev.mlops.exception.MlopsClientException if the endpoint refuses the request (4xx)
     * @throws dev.mlops.exception.UnsupportedByBackendException if this host cannot pass inference ids
     */
    default byte[] invoke(ProjectRecord project, String endpointName, String contentType, String accept, byte[] body,
            String inferenceId) {
        throw new dev.mlops.exception.UnsupportedByBackendException(getClass().getSimpleName(),
                "pass an inference id to endpoint " + endpointName, "call invoke without an inference id");
    }

    /**
     * Takes an endpoint out of service and deletes it; what it served stays in the registry.
     *
     * @param project the project
     * @param endpointName the endpoint's name
     * @return whether there was an endpoint to delete
     */
    boolean undeploy(ProjectRecord project, String endpointName);

    /**
     * Deletes every endpoint of a project. Called by {@code Project.delete()}.
     *
     * @param project the project
     */
    default void deleteProject(ProjectRecord project) {
    }
}
