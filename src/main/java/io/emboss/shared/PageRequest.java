package io.emboss.shared;

/** A cursor page request: newest first, {@code limit} items after the item {@code startingAfter}. */
public record PageRequest(int limit, String startingAfter) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit out of range: " + limit);
        }
    }
}
