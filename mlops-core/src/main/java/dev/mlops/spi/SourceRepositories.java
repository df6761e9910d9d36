package dev.mlops.spi;

import java.util.List;
import java.util.Map;

/** Source repositories: CodeCommit, GitHub, Bitbucket or local git. */
public interface SourceRepositories {

    /**
     * The project's repositories.
     *
     * @param project the project
     * @return the repositories
     */
    List<RepositoryInfo> list(ProjectRecord project);

    /**
     * Commits files to a repository's tracked branch, as a push would.
     *
     * @param project the project
     * @param role the repository's role
     * @param message the commit message
     * @param files relative path to content; {@code null} deletes
     * @return the new commit id
     */
    String commit(ProjectRecord project, String role, String message, Map<String, String> files);
}
