package dev.mlops.local.internal;

import dev.mlops.exception.ValidationException;
import dev.mlops.spi.Page;
import dev.mlops.spi.PageRequest;
import java.util.List;
import java.util.Optional;

/** Offset pages over the state store: a page's token is the offset of the next one. */
final class Pages {
    private Pages() {
    }

    static int offset(PageRequest page) {
        if (page.token().isEmpty()) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(page.token().get());
            if (offset < 0) {
                throw new NumberFormatException();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw new ValidationException("PageRequest.token", page.token().get(), "a token this embedded backend made");
        }
    }

    /** A page from rows read with a limit one above the page size, so that the extra row says whether more follow. */
    static <T> Page<T> of(List<T> rows, PageRequest page, int offset) {
        if (rows.size() <= page.limit()) {
            return Page.last(rows);
        }
        return new Page<>(rows.subList(0, page.limit()), Optional.of(Integer.toString(offset + page.limit())));
    }
}
