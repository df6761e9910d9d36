package dev.mlops;

import dev.mlops.exception.NotFoundException;
import java.util.AbstractList;
import java.util.List;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.function.Supplier;

/**
 * A list the SDK returns (versions, gates, executions): an unmodifiable {@link List} with {@link #first()}, whose
 * {@link #get(int)} past the end throws a {@link NotFoundException} that says why the list is short (for instance
 * that the last build failed) instead of a bare {@link IndexOutOfBoundsException}.
 *
 * <pre>{@code
 * ModelVersion candidate = project.models().pendingApproval().first().orElseThrow();
 * }</pre>
 *
 * @param <T> the element type
 */
public final class Listing<T> extends AbstractList<T> implements RandomAccess {
    private final List<T> items;
    private final String what;
    private final Supplier<String> whyEmpty;

    private Listing(List<T> items, String what, Supplier<String> whyEmpty) {
        this.items = List.copyOf(items);
        this.what = what;
        this.whyEmpty = whyEmpty;
    }

    /**
     * Wraps items.
     *
     * @param items the items
     * @param what what they are, for messages, e.g. {@code model versions pending approval in abalone-p-…}
     * @param whyEmpty says why there are no more (called only when {@link #get(int)} runs past the end)
     * @param <T> the element type
     * @return the listing
     */
    public static <T> Listing<T> of(List<T> items, String what, Supplier<String> whyEmpty) {
        return new Listing<>(items, what, whyEmpty);
    }

    /**
     * The first item.
     *
     * @return it, or empty if the listing is empty
     */
    public Optional<T> first() {
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
    }

    /**
     * An item by position.
     *
     * @param index its position
     * @return the item
     * @throws NotFoundException if there is no item at that position; the message says how many there are and why
     */
    @Override
    public T get(int index) {
        if (index < 0 || index >= items.size()) {
            String why = whyEmpty.get();
            throw new NotFoundException(what, "#" + index, "there " + (items.size() == 1 ? "is 1" : "are " + items.size())
                    + (why == null || why.isEmpty() ? "" : "; " + why));
        }
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }
}
