package io.emboss.web;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emboss.shared.Page;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list as the API shows it: {@code items} newest first, {@code hasMore}, and
 * {@code nextCursor} (the id to pass as {@code startingAfter}; null on the last page). A list that
 * is never paged (a customer's wallets, the active codes of a card) is one page with no more.
 */
public record ListPage<T>(List<T> items, boolean hasMore, @Schema(nullable = true) String nextCursor) {

    public static <S, T> ListPage<T> of(Page<S> page, Function<S, T> view) {
        return new ListPage<>(page.items().stream().map(view).toList(), page.hasMore(), page.nextCursor());
    }

    public static <S, T> ListPage<T> all(List<S> items, Function<S, T> view) {
        return new ListPage<>(items.stream().map(view).toList(), false, null);
    }
}
