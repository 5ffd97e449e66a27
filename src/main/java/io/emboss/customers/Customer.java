package io.emboss.customers;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;

/** A cardholder of a tenant, in one environment. No card is issued before KYC is approved. */
public record Customer(String id, String tenantId, String environment, String name, String email, String phone,
                       String externalId, KycStatus kycStatus, String kycReason, Instant createdAt,
                       Instant updatedAt) {

    public enum KycStatus {
        PENDING,
        IN_REVIEW,
        APPROVED,
        REJECTED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static KycStatus fromWire(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
