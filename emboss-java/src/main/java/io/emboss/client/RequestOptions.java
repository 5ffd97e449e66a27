package io.emboss.client;

/**
 * Per-call options. The client sends a fresh {@code Idempotency-Key} with every POST on its own (the same one
 * on each of its retries); set one here to make a call repeatable across process restarts, e.g. a key
 * derived from your own order id.
 */
public record RequestOptions(String idempotencyKey) {
    private static final RequestOptions NONE = new RequestOptions(null);

    public static RequestOptions none() {
        return NONE;
    }

    public static RequestOptions idempotencyKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 255) {
            throw new IllegalArgumentException("an Idempotency-Key has 1 to 255 characters");
        }
        return new RequestOptions(key);
    }
}
