package io.emboss.tenancy;

import java.time.Instant;
import java.util.Set;

/** An API key as listed: never the secret, only its prefix and last four characters, and what it may do. */
public record ApiKey(String id, String name, String environment, String prefix, String last4, Set<String> permissions,
                     Instant createdAt, Instant revokedAt) {
    public ApiKey {
        permissions = Set.copyOf(permissions);
    }
}
