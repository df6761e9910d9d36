package dev.mlops.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds container images for the image-building template and keeps their versions. An image is versioned by
 * the digest of its build context: a context built before gets its existing version back and nothing is built,
 * so a commit that changes nothing the image is built from does not start the model build again.
 */
public interface ImageBuilder extends Component {

    /**
     * Builds an image from a build context and registers a new image version, unless a version of the image was
     * built from the same context already.
     *
     * @param request what to build
     * @return the version, new or existing
     * @throws dev.mlops.exception.UnsupportedByBackendException if the context needs a tool that is missing here
     *     (a Dockerfile with no Docker engine running), naming it and the alternatives
     * @throws dev.mlops.exception.MlopsClientException if the context does not describe a buildable image
     */
    ImageBuild build(ImageBuildRequest request);

    /**
     * The versions of an image, oldest first.
     *
     * @param project the project
     * @param image the image's name (the role of its repository, e.g. {@code training-imagebuild})
     * @return the versions
     */
    List<ImageVersionInfo> versions(ProjectRecord project, String image);

    /**
     * What to build.
     *
     * @param project the project
     * @param image the image's name (the role of its repository, e.g. {@code training-imagebuild})
     * @param context the build context: a {@code Dockerfile}, or an {@code image.properties} describing a Java image
     * @param sourceCommit the commit the context was checked out from, recorded with a new version
     * @param executionId the pipeline execution building it, recorded with a new version
     * @param log receives the build's output, line by line
     */
    record ImageBuildRequest(ProjectRecord project, String image, Path context, String sourceCommit, String executionId,
            Consumer<String> log) {
    }

    /**
     * The outcome of a build.
     *
     * @param version the image version
     * @param created whether this build made it; false when the context was built before
     */
    record ImageBuild(ImageVersionInfo version, boolean created) {
    }
}
