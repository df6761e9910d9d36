package dev.mlops.aws.fakes;

import java.util.Map;
import java.util.Optional;

/**
 * What an {@link ActionHandler} is told about the action it runs.
 *
 * @param pipeline the pipeline's name
 * @param executionId the pipeline execution
 * @param stage the stage
 * @param action the action
 * @param configuration the action's configuration
 * @param variables the execution's resolved pipeline variables
 * @param sourceRevision the commit the execution's source action read, once it has
 */
public record ActionContext(String pipeline, String executionId, String stage, String action,
        Map<String, String> configuration, Map<String, String> variables, Optional<String> sourceRevision) {
}
