package dev.mlops.git.bitbucket.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Encoding of URL path segments and queries for Bitbucket calls. */
public final class Paths {
    private Paths() {
    }

    /**
     * One segment, encoded.
     *
     * @param s the segment
     * @return the encoded segment
     */
    public static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * A path of several segments (a branch such as {@code feature/x}, a file path), each encoded.
     *
     * @param s the path
     * @return the encoded path
     */
    public static String segs(String s) {
        StringBuilder sb = new StringBuilder();
        for (String part : s.split("/", -1)) {
            sb.append(sb.length() == 0 ? "" : "/").append(seg(part));
        }
        return sb.toString();
    }

    /**
     * A query value, encoded.
     *
     * @param s the value
     * @return the encoded value
     */
    public static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
