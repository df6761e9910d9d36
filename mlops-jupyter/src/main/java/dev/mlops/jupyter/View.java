package dev.mlops.jupyter;

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
     * The MIME bundle a Jupyter kernel sends for this view, richest type first.
     *
     * @return MIME type to content, in an unmodifiable map
     */
    Map<String, String> mimeBundle();
}
