package io.emboss.tenancy;

import java.time.Instant;

/** A company using Emboss. {@code rateLimitPerHour} null means the platform default. */
public record Tenant(String id, String name, String status, Integer rateLimitPerHour, Instant createdAt,
                     Instant updatedAt) {
    public static final String ACTIVE = "active";
    public static final String SUSPENDED = "suspended";
}
