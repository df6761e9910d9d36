package dev.mlops;

import java.util.List;

/** A project's CI/CD pipelines. */
public interface Pipelines {

    /**
     * The model-build pipeline.
     *
     * @return the pipeline
     * @throws dev.mlops.exception.NotFoundException if the template has none
     */
    Pipeline build();

    /**
     * The model-deploy pipeline.
     *
     * @return the pipeline
     * @throws dev.mlops.exception.NotFoundException if the template has none
     */
    Pipeline deploy();

    /**
     * A pipeline by role.
     *
     * @param role e.g. {@code modelmonitor}
     * @return the pipeline
     * @throws dev.mlops.exception.NotFoundException if the template has none
     */
    Pipeline named(String role);

    /**
     * All pipelines.
     *
     * @return the pipelines
     */
    List<Pipeline> all();
}
