package dev.mlops.jenkins.internal;

import java.util.function.Supplier;

/**
 * Holds the CSRF crumb: fetched on the first POST, kept until Jenkins rejects it. A Jenkins without a crumb issuer
 * caches "none" ({@code null}).
 */
final class CrumbCache {
    /**
     * A crumb and the header it goes in.
     *
     * @param field the header name, normally {@code Jenkins-Crumb}
     * @param value the crumb
     */
    record Crumb(String field, String value) {
        @Override
        public String toString() {
            return "Crumb[" + field + "]";
        }
    }

    private final Supplier<Crumb> fetch;
    private boolean fetched;
    private Crumb crumb;

    CrumbCache(Supplier<Crumb> fetch) {
        this.fetch = fetch;
    }

    synchronized Crumb get() {
        if (!fetched) {
            crumb = fetch.get();
            fetched = true;
        }
        return crumb;
    }

    synchronized Crumb refresh() {
        fetched = false;
        return get();
    }
}
