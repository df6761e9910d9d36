package dev.mlops.git.github.internal;

import dev.mlops.exception.ValidationException;
import java.net.URI;

/**
 * Where GitHub's REST API answers: {@code https://api.github.com} for github.com, {@code https://HOST/api/v3} for
 * an Enterprise Server.
 *
 * @param uri the API root, without a trailing slash
 */
public record GitHubBaseUrl(URI uri) {

    /** The github.com API root. */
    public static final GitHubBaseUrl GITHUB_COM = new GitHubBaseUrl(URI.create("https://api.github.com"));

    /**
     * Validates the root.
     *
     * @param uri the API root
     * @throws ValidationException if it is not an absolute http(s) URI
     */
    public GitHubBaseUrl {
        if (uri == null || uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                || uri.getHost() == null) {
            throw new ValidationException("github.baseUrl", uri, "an absolute http or https URL");
        }
        String s = uri.toString();
        if (s.endsWith("/")) {
            uri = URI.create(s.substring(0, s.length() - 1));
        }
    }

    /**
     * The API root of an Enterprise Server: the server's address with {@code /api/v3} appended.
     *
     * @param server the server, such as {@code https://github.example.com}
     * @return its API root
     */
    public static GitHubBaseUrl enterpriseServer(URI server) {
        GitHubBaseUrl host = new GitHubBaseUrl(server);
        String s = host.uri().toString();
        return new GitHubBaseUrl(URI.create(s.endsWith("/api/v3") ? s : s + "/api/v3"));
    }

    /**
     * A URI under this root.
     *
     * @param path an API path starting with {@code /}
     * @return the full URI
     */
    public URI resolve(String path) {
        return URI.create(uri + path);
    }
}
