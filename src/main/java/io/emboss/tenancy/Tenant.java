package io.emboss.tenancy;

import java.time.Instant;

/**
 * A company using Emboss. {@code rateLimitPerHour} null means the platform default;
 * {@code kycDelegated} (set by the platform operator only) lets the tenant approve its own
 * customers' KYC in live mode.
 */
public record Tenant(String id, String name, String status, Integer rateLimitPerHour, boolean kycDelegated,
                     Instant createdAt, Instant updatedAt) {
    public static final String ACTIVE = "active";
    public static final String SUSPENDED = "suspended";
}
