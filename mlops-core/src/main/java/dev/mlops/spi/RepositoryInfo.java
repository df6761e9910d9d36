package dev.mlops.spi;

import java.net.URI;

/**
 * A repository as a backend reports it.
 *
 * @param role the role
 * @param name the full name
 * @param branch the tracked branch
 * @param cloneUri where to clone it from
 * @param headCommit the branch's head commit
 */
public record RepositoryInfo(String role, String name, String branch, URI cloneUri, String headCommit) {
}
