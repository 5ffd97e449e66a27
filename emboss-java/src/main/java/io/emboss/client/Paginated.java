package io.emboss.client;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A cursor-paginated list read lazily: the first page is fetched when iteration starts, and each next page
 * (with {@code startingAfter} = the previous page's {@code nextCursor}) only when the items so far are used
 * up. Iterate it, or {@link #stream()} it and stop early ({@code limit}, {@code findFirst}) to read fewer
 * pages. Each iteration reads from the first page again.
 */
public final class Paginated<T> implements Iterable<T> {
    /** One page as the API answers it: {@code {items, hasMore, nextCursor}}. */
    public record Page<T>(List<T> items, boolean hasMore, String nextCursor) {
        public Page {
            items = items == null ? List.of() : items;
        }
    }

    private final Function<String, Page<T>> fetch;

    /** @param fetch reads the page after the given cursor (null: the first page) */
    public Paginated(Function<String, Page<T>> fetch) {
        this.fetch = fetch;
    }

    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Page<T> page;
            private int next;

            @Override
            public boolean hasNext() {
                if (page == null) {
                    page = fetch.apply(null);
                }
                while (next >= page.items().size() && page.hasMore() && page.nextCursor() != null) {
                    page = fetch.apply(page.nextCursor());
                    next = 0;
                }
                return next < page.items().size();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.items().get(next++);
            }
        };
    }
}
