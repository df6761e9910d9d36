package dev.mlops.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One page of a listing, with the token of the next page.
 *
 * @param items the items, in the listing's order
 * @param nextToken where the next page starts; empty on the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, Optional<String> nextToken) {
    /**
     * Copies the items: the record does not change when the caller's collection does.
     *
     * @param items the items, in the listing's order
     * @param nextToken where the next page starts; empty on the last page
     */
    public Page {
        items = List.copyOf(items);
    }

    /**
     * Reads every page of a listing.
     *
     * @param fetch reads one page
     * @param <T> the item type
     * @return the items of all pages, in order
     */
    public static <T> List<T> all(Function<PageRequest, Page<T>> fetch) {
        List<T> out = new ArrayList<>();
        PageRequest request = PageRequest.first();
        while (true) {
            Page<T> page = fetch.apply(request);
            out.addAll(page.items());
            if (page.nextToken().isEmpty()) {
                return out;
            }
            request = request.after(page);
        }
    }

    /**
     * Reads pages until an item matches.
     *
     * @param fetch reads one page
     * @param match the condition
     * @param <T> the item type
     * @return the first matching item, if any page has one
     */
    public static <T> Optional<T> find(Function<PageRequest, Page<T>> fetch, Predicate<T> match) {
        PageRequest request = PageRequest.first();
        while (true) {
            Page<T> page = fetch.apply(request);
            Optional<T> hit = page.items().stream().filter(match).findFirst();
            if (hit.isPresent() || page.nextToken().isEmpty()) {
                return hit;
            }
            request = request.after(page);
        }
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
