package io.emboss.web;

import io.emboss.shared.Outcome;
import io.emboss.shared.PageRequest;

/** Parses the {@code limit} and {@code startingAfter} query parameters of every list. */
public final class Pagination {
    private Pagination() {
    }

    public static Outcome<PageRequest> parse(String limit, String startingAfter) {
        int parsedLimit = PageRequest.DEFAULT_LIMIT;
        if (limit != null) {
            try {
                parsedLimit = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                return Outcome.invalid("limit", "must be an integer between 1 and " + PageRequest.MAX_LIMIT);
            }
            if (parsedLimit < 1 || parsedLimit > PageRequest.MAX_LIMIT) {
                return Outcome.invalid("limit", "must be an integer between 1 and " + PageRequest.MAX_LIMIT);
            }
        }
        if (startingAfter != null && (startingAfter.isBlank() || startingAfter.length() > 100)) {
            return Outcome.invalid("startingAfter", "must be the id of an item of this list");
        }
        return Outcome.ok(new PageRequest(parsedLimit, startingAfter));
    }
}
