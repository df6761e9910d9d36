/**
 * GitHub's REST API as the repository component needs it, on the JDK's HTTP client: github.com and Enterprise Server
 * roots ({@link dev.mlops.git.github.internal.GitHubBaseUrl}), create-or-adopt of a repository, the head of a
 * branch, and GitHub's errors mapped to the SDK's exceptions ({@link dev.mlops.git.github.internal.GitHubErrors}).
 * Not public API: it may change with any release.
 */
package dev.mlops.git.github.internal;
