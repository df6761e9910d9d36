/**
 * GitHub repositories: {@link dev.mlops.git.github.GitHubRepositories}, built with
 * {@code GitHubRepositories.builder().token(..).owner(..).build()}, and the {@link dev.mlops.git.github.Visibility}
 * of the repositories it creates. The REST client behind it is in {@code dev.mlops.git.github.internal} and is not
 * API. See {@code docs/backend-github.md}.
 */
package dev.mlops.git.github;
