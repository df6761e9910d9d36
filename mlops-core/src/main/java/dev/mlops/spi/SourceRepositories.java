package dev.mlops.spi;

import dev.mlops.template.RepositorySpec;
import java.util.List;

/** Source repositories: CodeCommit, GitHub, Bitbucket or local git. */
public interface SourceRepositories extends Component {

    /**
     * The project's repositories.
     *
     * @param project the project
     * @return the repositories
     */
    List<RepositoryInfo> list(ProjectRecord project);

    /**
     * Makes a repository and seeds it with the spec's seed code, as provisioning does; idempotent (a repository
     * that exists is left as it is).
     *
     * @param project the project
     * @param spec the repository
     * @return the repository
     */
    RepositoryInfo provision(ProjectRecord project, RepositorySpec spec);

    /**
     * Commits files to a repository's tracked branch, as a push would.
     *
     * @param project the project
     * @param role the repository's role
     * @param request the message, the files and the head it builds on
     * @return the new commit id
     * @throws dev.mlops.exception.ConflictException if the branch's head is not the expected one (nothing is
     *     committed)
     * @throws dev.mlops.exception.NotFoundException if the project has no repository of that role
     */
    String commit(ProjectRecord project, String role, CommitRequest request);

    /**
     * Removes the project's repositories. Called by {@code Project.delete()}.
     *
     * @param project the project
     */
    default void deleteProject(ProjectRecord project) {
    }
}
