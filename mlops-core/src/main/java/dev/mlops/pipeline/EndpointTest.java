package dev.mlops.pipeline;

/**
 * A test of a deployed endpoint, kept in the model-deploy repository and run by the TestStaging stage: the
 * programmatic gate before manual approval. Throwing fails the stage and stops the run before prod.
 * A public no-argument constructor is required.
 */
@FunctionalInterface
public interface EndpointTest {

    /**
     * Runs the test.
     *
     * @param context the endpoint under test, the repository's files and a log
     * @throws Exception any failure, which fails the stage
     */
    void run(EndpointTestContext context) throws Exception;
}
