package io.emboss.shared;

import java.util.List;
import java.util.function.Function;

/** One page of a list, newest first; {@code nextCursor} is the id to pass as startingAfter. */
public record Page<T>(List<T> items, boolean hasMore, String nextCursor) {

    /** Builds a page from up to limit+1 fetched rows: the extra row only says there is more. */
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> idOf) {
        boolean more = fetched.size() > limit;
        List<T> items = more ? List.copyOf(fetched.subList(0, limit)) : List.copyOf(fetched);
        String cursor = more ? idOf.apply(items.get(items.size() - 1)) : null;
        return new Page<>(items, more, cursor);
    }

    public <R> Page<R> map(Function<T, R> f) {
        return new Page<>(items.stream().map(f).toList(), hasMore, nextCursor);
    }
}
