package dev.mlops.git.bitbucket.internal;

import java.net.URI;

/**
 * A repository made sure of: its slug, its clone URL (HTTPS), its description and whether this call created it.
 *
 * @param slug the slug
 * @param cloneUri the HTTP(S) clone URL
 * @param description its description, may be empty
 * @param created whether it was created now (else adopted)
 */
public record EnsuredRepository(String slug, URI cloneUri, String description, boolean created) {
}
