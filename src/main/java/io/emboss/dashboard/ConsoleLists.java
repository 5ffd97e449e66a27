package io.emboss.dashboard;

import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import io.emboss.shared.Rejection;
import io.emboss.web.Pagination;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import org.springframework.ui.Model;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A paginated list page of the developers' and transactions' areas: the items of a service's page as
 * views, the next page's link (the same query with the cursor), or the service's refusal as the
 * page's problem, with the status the API would answer.
 */
final class ConsoleLists {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ConsoleLists() {
    }

    /** The page request of a list page ({@code startingAfter} from the query, the API's default size). */
    static Outcome<PageRequest> request(String startingAfter) {
        return Pagination.parse(null, startingAfter == null || startingAfter.isBlank() ? null : startingAfter);
    }

    /** Puts {@code items} and {@code nextUrl} in the model, or the refusal as {@code problem}; true when shown. */
    static <T, R> boolean show(Outcome<Page<T>> outcome, Function<T, R> view, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        if (!outcome.isOk()) {
            refused(outcome.rejection(), response, model);
            return false;
        }
        Page<T> page = outcome.value();
        model.addAttribute("items", page.items().stream().map(view).toList());
        model.addAttribute("nextUrl", next(request, "startingAfter", page));
        return true;
    }

    /** A refused list: no items, the service's message, the API's status for it. */
    static void refused(Rejection r, HttpServletResponse response, Model model) {
        response.setStatus(r.kind() == Rejection.Kind.FORBIDDEN ? 403 : 400);
        model.addAttribute("items", List.of());
        model.addAttribute(Console.PROBLEM, r.message());
    }

    /**
     * The link to the page after {@code page} (null on the last): this page's own address, its filters
     * kept, with the cursor after its last row in {@code cursorParameter} (like the API's startingAfter).
     */
    static String next(HttpServletRequest request, String cursorParameter, Page<?> page) {
        if (!page.hasMore()) {
            return null;
        }
        return UriComponentsBuilder.fromPath(request.getRequestURI()).query(request.getQueryString())
                .replaceQueryParam(cursorParameter, page.nextCursor()).build().toUriString();
    }

    /** An instant as a page shows it. */
    static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    /** A form field: blank is absent. */
    static String given(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
