/**
 * The third-party Git package (GitHub, Bitbucket). This module carries the build wiring and no repository
 * backend yet; the embedded {@link dev.mlops.local.LocalBackend} hosts git repositories itself.
 */
package dev.mlops.git;
