package io.emboss.tenancy;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A tenant as the platform operator sees it: {@code status} is active or suspended,
 * {@code rateLimitPerHour} null for the platform's default.
 */
record TenantView(String id, String name, String status, @Schema(nullable = true) Integer rateLimitPerHour,
                  boolean kycDelegated, Instant createdAt, Instant updatedAt) {

    static TenantView of(Tenant t) {
        return new TenantView(t.id(), t.name(), t.status(), t.rateLimitPerHour(), t.kycDelegated(), t.createdAt(),
                t.updatedAt());
    }

    /** A tenant just created, with its first admin user and its two API keys: the only answer that shows them. */
    record CreatedTenantView(String id, String name, String status, @Schema(nullable = true) Integer rateLimitPerHour,
                             boolean kycDelegated, Instant createdAt, Instant updatedAt, String adminUserId,
                             String sandboxApiKey, String liveApiKey) {

        static CreatedTenantView of(TenantService.CreatedTenant c) {
            Tenant t = c.tenant();
            return new CreatedTenantView(t.id(), t.name(), t.status(), t.rateLimitPerHour(), t.kycDelegated(),
                    t.createdAt(), t.updatedAt(), c.adminUserId(), c.sandboxApiKey(), c.liveApiKey());
        }
    }
}
