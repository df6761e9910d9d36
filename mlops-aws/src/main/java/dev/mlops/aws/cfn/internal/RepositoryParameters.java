package dev.mlops.aws.cfn.internal;

/**
 * The template parameters that name a third-party repository, per role, as SageMaker's third-party templates name
 * them: {@code <Role>CodeRepositoryFullname} (its owner/name on the host) and {@code <Role>CodeRepositoryBranch} in
 * templates F and G, and {@code <Role>CodeRepositoryUrl} in template G, where Jenkins clones the repository itself.
 */
public final class RepositoryParameters {
    private RepositoryParameters() {
    }

    /**
     * The name of a repository's full-name parameter.
     *
     * @param role the repository's role
     * @return e.g. {@code ModelBuildCodeRepositoryFullname}
     */
    public static String fullname(String role) {
        return Names.of(role).prefix() + "CodeRepositoryFullname";
    }

    /**
     * The name of a repository's branch parameter.
     *
     * @param role the repository's role
     * @return e.g. {@code ModelDeployCodeRepositoryBranch}
     */
    public static String branch(String role) {
        return Names.of(role).prefix() + "CodeRepositoryBranch";
    }

    /**
     * The name of a repository's Git URL parameter (template G's).
     *
     * @param role the repository's role
     * @return e.g. {@code ModelBuildCodeRepositoryUrl}
     */
    public static String url(String role) {
        return Names.of(role).prefix() + "CodeRepositoryUrl";
    }
}
