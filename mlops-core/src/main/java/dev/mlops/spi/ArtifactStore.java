package dev.mlops.spi;

import java.nio.file.Path;

/** Stores artifacts by content: S3 or a local content-addressed directory. */
public interface ArtifactStore extends Component {

    /**
     * Stores a file.
     *
     * @param project the project
     * @param file the file
     * @return where it is stored
     */
    ArtifactRef put(ProjectRecord project, Path file);

    /**
     * A local path holding an artifact's content, fetching it if needed.
     *
     * @param uri the artifact's URI
     * @return a readable file
     */
    Path fetch(String uri);
}
