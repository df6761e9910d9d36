/**
 * The third-party Git package (GitHub, Bitbucket). So far it holds the GitHub REST client in
 * {@code dev.mlops.git.github.internal}; no {@link dev.mlops.spi.SourceRepositories} component is built on it yet,
 * and the embedded {@link dev.mlops.local.LocalBackend} hosts git repositories itself.
 */
package dev.mlops.git;
