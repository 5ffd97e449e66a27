package io.emboss.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Emboss's webhook deliveries, which are signed as <a href="https://www.standardwebhooks.com/">Standard
 * Webhooks</a> (docs/webhooks.md): {@code webhook-signature} holds one or more {@code v1,<base64>} entries (two
 * during a secret rotation), each an HMAC-SHA256 under the base64 key after {@code whsec_} of
 * {@code webhook-id + "." + webhook-timestamp + "." + body}; a timestamp more than {@link #DEFAULT_TOLERANCE}
 * away from now is refused, so a captured delivery cannot be replayed later.
 */
public final class Webhooks {
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    private static final String SECRET_PREFIX = "whsec_";

    private Webhooks() {
    }

    /** Thrown when a delivery is not signed by the secret, is stale, or lacks a header. */
    public static final class VerificationException extends RuntimeException {
        VerificationException(String message) {
            super(message);
        }
    }

    /**
     * Checks the delivery's signature against the endpoint's secret and returns the payload when it holds.
     *
     * @param payload the raw request body, exactly as received (not re-serialized JSON)
     * @param headers the request's headers; names are matched case-insensitively, and a list value
     *                (as {@code com.sun.net.httpserver.Headers} or a servlet gives them) is read by its first entry
     * @param secret  the endpoint's signing secret, {@code whsec_…}
     * @throws VerificationException when the delivery is forged, stale or incomplete
     */
    public static String verify(String payload, Map<String, ?> headers, String secret) {
        return verify(payload, headers, secret, DEFAULT_TOLERANCE, Instant.now());
    }

    /** {@link #verify(String, Map, String)} with an explicit tolerance and clock reading. */
    public static String verify(String payload, Map<String, ?> headers, String secret, Duration tolerance,
            Instant now) {
        String id = header(headers, "webhook-id");
        String timestamp = header(headers, "webhook-timestamp");
        String signatures = header(headers, "webhook-signature");
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new VerificationException("webhook-timestamp is not a number of seconds");
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            throw new VerificationException("webhook-timestamp is outside the tolerance of " + tolerance);
        }
        byte[] expected = sign(key(secret), id + "." + timestamp.trim() + "." + payload);
        for (String entry : signatures.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !"v1".equals(entry.substring(0, comma))) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return payload;
            }
        }
        throw new VerificationException("no v1 signature in webhook-signature matches the secret");
    }

    /** The signature header value Emboss would send, for tests of a receiver. */
    public static String sign(String id, long timestamp, String payload, String secret) {
        return "v1," + Base64.getEncoder().encodeToString(sign(key(secret), id + "." + timestamp + "." + payload));
    }

    private static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the webhook secret is not whsec_ followed by base64", e);
        }
    }

    private static byte[] sign(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static String header(Map<String, ?> headers, String name) {
        for (Map.Entry<String, ?> h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                Object value = h.getValue();
                if (value instanceof List<?> list) {
                    value = list.isEmpty() ? null : list.get(0);
                }
                if (value != null) {
                    return value.toString();
                }
            }
        }
        throw new VerificationException("the " + name + " header is missing");
    }
}
