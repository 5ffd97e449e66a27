package io.emboss.dashboard;

import io.emboss.shared.Page;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A list page's link to its next page: the same filters, and the cursor after the page's last row
 * (like the API's {@code startingAfter}); and the one reading of a filter field a form left empty.
 */
final class PageCursorLinks {
    private PageCursorLinks() {
    }

    /**
     * The next page's URL, or null on the last page. {@code filters} are names and values in turn;
     * a filter without a value is left out.
     */
    static String next(String path, String cursorParameter, Page<?> page, String... filters) {
        if (!page.hasMore()) {
            return null;
        }
        StringBuilder url = new StringBuilder(path).append('?');
        for (int i = 0; i + 1 < filters.length; i += 2) {
            if (filters[i + 1] != null) {
                url.append(encode(filters[i])).append('=').append(encode(filters[i + 1])).append('&');
            }
        }
        return url.append(cursorParameter).append('=').append(encode(page.nextCursor())).toString();
    }

    /** A form's empty field means "not given", as an absent query parameter does in the API. */
    static String given(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
