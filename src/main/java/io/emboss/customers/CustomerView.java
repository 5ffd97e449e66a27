package io.emboss.customers;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A customer as the API and its events show it. */
record CustomerView(String id, String name, String email, @Schema(nullable = true) String phone,
                    @Schema(nullable = true) String externalId, Customer.KycStatus kycStatus,
                    @Schema(nullable = true) String kycReason, boolean livemode, Instant createdAt, Instant updatedAt) {

    static CustomerView of(Customer c) {
        return new CustomerView(c.id(), c.name(), c.email(), c.phone(), c.externalId(), c.kycStatus(), c.kycReason(),
                "live".equals(c.environment()), c.createdAt(), c.updatedAt());
    }
}
