package dev.mlops.spi;

import java.nio.file.Path;

/** Builds container images for the image-building template. */
public interface ImageBuilder extends Component {

    /**
     * Builds an image from a build context and registers a new image version.
     *
     * @param project the project
     * @param imageName the image's name
     * @param context the build context (holding a Dockerfile)
     * @return the new image version's identifier
     */
    String build(ProjectRecord project, String imageName, Path context);
}
