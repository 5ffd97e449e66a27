package io.emboss.tenancy;

import java.time.Instant;

/** An API key as listed: never the secret, only its prefix and last four characters. */
public record ApiKey(String id, String name, String environment, String prefix, String last4, Instant createdAt,
                     Instant revokedAt) {
}
