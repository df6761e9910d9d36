package dev.mlops.git.github.internal;

import dev.mlops.git.github.Visibility;

/**
 * A repository as GitHub describes it.
 *
 * @param owner the owner's login
 * @param name the repository's name
 * @param defaultBranch the default branch
 * @param visibility who can see it
 * @param cloneUrl the HTTPS clone URL
 * @param htmlUrl the web page
 * @param description the description, or {@code null}
 */
public record GitHubRepository(String owner, String name, String defaultBranch, Visibility visibility,
        String cloneUrl, String htmlUrl, String description) {

    /**
     * {@code owner/name}.
     *
     * @return the full name
     */
    public String fullName() {
        return owner + "/" + name;
    }
}
