package dev.mlops.pipeline;

/**
 * The entry point of a model-build repository: builds the ML pipeline for a run, as the seed's
 * {@code pipelines/abalone/pipeline.py} {@code get_pipeline()} does. The build stage compiles the
 * repository's Java sources, finds the class named in {@code pipeline.properties} (key {@code factory}),
 * and calls it. A public no-argument constructor is required.
 */
@FunctionalInterface
public interface PipelineFactory {

    /**
     * Builds the pipeline.
     *
     * @param settings names and tags for this project
     * @return the pipeline
     */
    MlPipeline create(PipelineSettings settings);
}
