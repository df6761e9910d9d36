package dev.mlops.jupyter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something a notebook can display: HTML for people, plain text for logs and terminals, and the MIME bundle that
 * Jupyter kernels send ({@code text/plain} always, with {@code text/html} or {@code image/svg+xml}). Views are
 * immutable snapshots: they copy what they show when built.
 */
public interface View {
    /**
     * The view as an HTML fragment with inline styles only (no script, stylesheet or font from elsewhere), readable on
     * light and dark pages.
     *
     * @return the HTML
     */
    String html();

    /**
     * The view as plain text, as {@code toString()} returns it.
     *
     * @return the text
     */
    String text();

    /**
     * The MIME bundle a Jupyter kernel sends for this view, richest type first: {@code text/html} and
     * {@code text/plain} unless a view has more to offer.
     *
     * @return MIME type to content, in an unmodifiable map
     */
    default Map<String, String> mimeBundle() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("text/html", html());
        m.put("text/plain", text());
        return Collections.unmodifiableMap(m);
    }
}
