package io.emboss.authorization;

import io.swagger.v3.oas.annotations.media.Schema;

/** Where money was spent: {@code mcc} a 4-digit merchant category code, {@code country} ISO alpha-2. */
record MerchantView(String name, @Schema(nullable = true) String mcc, @Schema(nullable = true) String city,
                    @Schema(nullable = true) String country,
                    @Schema(nullable = true, description = "The acquirer's id of the merchant (ISO 8583 field 42)")
                    String id) {

    /** The merchant, or null when there is none (a top-up, a withdrawal). */
    static MerchantView of(AuthorizationRequest.Merchant m) {
        return m == null ? null : new MerchantView(m.name(), m.mcc(), m.city(), m.country(), m.id());
    }
}
