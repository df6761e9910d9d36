package dev.mlops.git.bitbucket.internal;

import dev.mlops.exception.ValidationException;
import java.net.InetAddress;
import java.net.URI;
import java.util.regex.Pattern;

/** The checks the Bitbucket builders share. */
public final class BuildChecks {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{7,64}");

    private BuildChecks() {
    }

    /**
     * A value that must be present and match a pattern.
     *
     * @param field the field
     * @param value the value
     * @param pattern the pattern
     * @param rule the rule, in words
     * @return the value
     */
    public static String matching(String field, String value, Pattern pattern, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new ValidationException(field, value, rule);
        }
        return value;
    }

    /**
     * A base URL: absolute, HTTPS (plain HTTP only to a loopback address, for tests), no query or fragment.
     *
     * @param field the field
     * @param url the URL
     * @return the URL without a trailing slash
     */
    public static URI baseUrl(String field, URI url) {
        String rule = "an absolute https:// URL with no query or fragment (http:// only to a loopback address)";
        if (url == null || !url.isAbsolute() || url.getHost() == null || url.getRawQuery() != null
                || url.getRawFragment() != null || url.getUserInfo() != null) {
            throw new ValidationException(field, url, rule);
        }
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        if (!https && !("http".equalsIgnoreCase(url.getScheme()) && loopback(url.getHost()))) {
            throw new ValidationException(field, url, rule);
        }
        String s = url.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    private static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return host.matches("[0-9.]+|\\[[0-9a-fA-F:]+]") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /**
     * A commit id given to {@code export}.
     *
     * @param commit the id
     * @return the id
     */
    public static String commitId(String commit) {
        return matching("export.commit", commit, COMMIT, "a commit id of 7 to 64 hexadecimal digits");
    }
}
