package dev.mlops.spi;

import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.template.RepositorySpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Source repositories: CodeCommit, GitHub, Bitbucket or local git. A component that can also report heads and
 * export commits ({@link #head}, {@link #export}) offers {@link dev.mlops.template.Capability#READABLE_REPOSITORIES}:
 * an orchestrator that checks code out itself, such as the embedded one, runs from any such component.
 */
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
     * The head of a repository's tracked branch, empty if the branch has no commit yet.
     *
     * @param project the project
     * @param role the repository's role
     * @return the head commit and its message
     * @throws dev.mlops.exception.NotFoundException if the project has no repository of that role
     * @throws UnsupportedByBackendException if the component cannot read heads (by default)
     */
    default Optional<CommitInfo> head(ProjectRecord project, String role) {
        throw new UnsupportedByBackendException(backend(), "report the head of a repository",
                "use a repositories component offering " + dev.mlops.template.Capability.READABLE_REPOSITORIES);
    }

    /**
     * Writes the files of one commit of the repository into target (an empty directory that exists); no
     * {@code .git}. Implementations refuse a tree entry that would leave {@code target} (an absolute name,
     * {@code ..}, {@code .git}) before writing anything, and write links as plain files, never following them.
     *
     * @param project the project
     * @param role the repository's role
     * @param commit the commit's id
     * @param target an empty directory that exists
     * @throws dev.mlops.exception.NotFoundException for an unknown role or commit
     * @throws UnsupportedByBackendException if the component cannot export commits (by default)
     */
    default void export(ProjectRecord project, String role, String commit, Path target) {
        throw new UnsupportedByBackendException(backend(), "export a commit of a repository",
                "use a repositories component offering " + dev.mlops.template.Capability.READABLE_REPOSITORIES);
    }

    /**
     * Removes the project's repositories. Called by {@code Project.delete()}.
     *
     * @param project the project
     */
    default void deleteProject(ProjectRecord project) {
    }
}
