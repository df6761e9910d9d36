package dev.mlops.spi;

import dev.mlops.exception.ValidationException;
import java.util.Optional;

/**
 * Which page of a listing to read.
 *
 * @param limit at most this many items, 1 to 1000
 * @param token the {@link Page#nextToken()} of the page before, or empty for the first page
 */
public record PageRequest(int limit, Optional<String> token) {
    /** The default page size. */
    public static final int DEFAULT_LIMIT = 100;

    /**
     * Checks the page size (1 to 1000, else a {@link dev.mlops.exception.ValidationException}); a null token is the first page.
     *
     * @param limit at most this many items, 1 to 1000
     * @param token the {@link Page#nextToken()} of the page before, or empty for the first page
     */
    public PageRequest {
        if (limit < 1 || limit > 1000) {
            throw new ValidationException("PageRequest.limit", limit, "1 to 1000");
        }
        token = token == null ? Optional.empty() : token;
    }

    /**
     * The first page of the default size.
     *
     * @return the request
     */
    public static PageRequest first() {
        return new PageRequest(DEFAULT_LIMIT, Optional.empty());
    }

    /**
     * The first page of a given size.
     *
     * @param limit 1 to 1000
     * @return the request
     */
    public static PageRequest first(int limit) {
        return new PageRequest(limit, Optional.empty());
    }

    /**
     * The page after one read before.
     *
     * @param page the page read
     * @return the request for the next page, of the same size
     */
    public PageRequest after(Page<?> page) {
        return new PageRequest(limit, page.nextToken());
    }
}
