/**
 * Repository components on third-party Git hosts. {@link dev.mlops.git.github.GitHubRepositories} keeps a project's
 * repositories on GitHub (github.com or an Enterprise Server); Bitbucket is to come. Each is one
 * {@link dev.mlops.spi.SourceRepositories} component that composes with any orchestrator.
 */
package dev.mlops.git;
