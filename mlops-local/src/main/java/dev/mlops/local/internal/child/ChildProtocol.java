package dev.mlops.local.internal.child;

/**
 * The words the leader and its child JVM exchange. The leader writes one JSON request per line to the child's
 * stdin; the child answers each on its stdout, which otherwise carries the step's log, with a line holding
 * {@link #MARKER} followed by the JSON response. Before answering, it writes {@link #MARKER} and the request's
 * id on stderr, so that the leader knows that it has read all of the step's stderr.
 */
public final class ChildProtocol {
    /** Starts a control line; never printed by a step (it holds two SOH characters). */
    public static final String MARKER = "\u0001mlops-child\u0001 ";

    /** Request kind: build the pipeline with the repository's {@code dev.mlops.pipeline.PipelineFactory}. */
    public static final String PIPELINE = "pipeline";
    /** Request kind: run a {@code dev.mlops.pipeline.ProcessingScript}. */
    public static final String PROCESSING = "processing";
    /** Request kind: train with the built-in XGBoost algorithm. */
    public static final String TRAINING = "training";
    /** Request kind: run the deploy repository's {@code dev.mlops.pipeline.EndpointTest} classes. */
    public static final String ENDPOINT_TESTS = "endpoint-tests";

    /** Argument of {@link ChildMain}: a build run's child; it loads what training needs once its first request came. */
    public static final String WARM_TRAINING = "--warm-training";
    /** Argument of {@link ChildMain}: a deploy run's child; it loads its HTTP client while the endpoint deploys. */
    public static final String WARM_TESTS = "--warm-tests";

    private ChildProtocol() {
    }
}
