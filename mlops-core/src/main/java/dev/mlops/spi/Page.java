package dev.mlops.spi;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing, with the token of the next page.
 *
 * @param items the items, in the listing's order
 * @param nextToken where the next page starts; empty on the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, Optional<String> nextToken) {
    /** Copies the items. */
    public Page {
        items = List.copyOf(items);
    }

    /**
     * The last (or only) page.
     *
     * @param items the items
     * @param <T> the item type
     * @return the page
     */
    public static <T> Page<T> last(List<T> items) {
        return new Page<>(items, Optional.empty());
    }
}
