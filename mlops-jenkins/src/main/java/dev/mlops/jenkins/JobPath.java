package dev.mlops.jenkins;

import dev.mlops.exception.ValidationException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The full name of a Jenkins item: folder segments then the item's name, e.g. {@code ml/churn/build}.
 *
 * @param segments the names from the top folder down to the item, at least one
 */
public record JobPath(List<String> segments) {
    // Jenkins rejects ? * / \ % ! @ # $ ^ & | < > [ ] : ; in item names; allow a safe, portable subset.
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /**
     * Validates the segments.
     *
     * @param segments the names from the top folder down to the item
     * @throws ValidationException if there is none or one breaks the naming rule
     */
    public JobPath {
        if (segments == null || segments.isEmpty()) {
            throw new ValidationException("JobPath.segments", segments, "at least one item name");
        }
        segments = List.copyOf(segments);
        for (String s : segments) {
            if (s == null || !SEGMENT.matcher(s).matches()) {
                throw new ValidationException("JobPath.segments", s,
                        "1 to 100 characters matching " + SEGMENT.pattern());
            }
        }
    }

    /**
     * Parses a slash-separated full name.
     *
     * @param fullName e.g. {@code ml/churn/build}
     * @return the path
     */
    public static JobPath of(String fullName) {
        if (fullName == null) {
            throw new ValidationException("JobPath.fullName", null, "a slash-separated item name");
        }
        return new JobPath(List.of(fullName.split("/", -1)));
    }

    /**
     * The item's own name, the last segment.
     *
     * @return the name
     */
    public String name() {
        return segments.get(segments.size() - 1);
    }

    /**
     * The folder holding this item.
     *
     * @return the parent, or {@code null} for a top-level item
     */
    public JobPath parent() {
        return segments.size() == 1 ? null : new JobPath(segments.subList(0, segments.size() - 1));
    }

    /**
     * A child item of this folder.
     *
     * @param name the child's name
     * @return the child's path
     */
    public JobPath child(String name) {
        List<String> s = new java.util.ArrayList<>(segments);
        s.add(name);
        return new JobPath(s);
    }

    /**
     * The URL path of this item relative to the Jenkins root, e.g. {@code job/ml/job/churn/}.
     *
     * @return the path, ending in a slash
     */
    public String urlPath() {
        StringBuilder b = new StringBuilder();
        for (String s : segments) {
            b.append("job/").append(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20")).append('/');
        }
        return b.toString();
    }

    /**
     * The full name, slash-separated.
     *
     * @return e.g. {@code ml/churn/build}
     */
    @Override
    public String toString() {
        return String.join("/", segments);
    }
}
