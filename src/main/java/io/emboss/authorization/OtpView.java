package io.emboss.authorization;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import java.time.Instant;

/**
 * A 3-D Secure code of a card as the API shows it, with the code to show the cardholder; the
 * otp.created event shows the rest ({@link OtpEventView}). {@code status} is pending, verified or
 * failed.
 */
record OtpView(String id, String cardId, @Schema(nullable = true) String authorizationId, String code, String status,
               String amount, String currency, @Schema(nullable = true) MerchantView merchant, Instant expiresAt,
               Instant createdAt) {

    static OtpView of(Otp o) {
        return new OtpView(o.id(), o.cardId(), o.authorizationId(), o.code(), o.status(), formattedAmount(o),
                o.currency(), MerchantView.of(o.merchant()), o.expiresAt(), o.createdAt());
    }

    /** The amount in its currency; in minor units when the currency is not one the API knows. */
    static String formattedAmount(Otp o) {
        return Currency.parse(o.currency()).map(c -> Money.format(o.amountMinor(), c))
                .orElse(Long.toString(o.amountMinor()));
    }

    /** A code as the otp.created event shows it: never the code itself. */
    record OtpEventView(String id, String cardId, @Schema(nullable = true) String authorizationId, String status,
                        String amount, String currency, @Schema(nullable = true) MerchantView merchant,
                        Instant expiresAt, Instant createdAt) {

        static OtpEventView of(Otp o) {
            return new OtpEventView(o.id(), o.cardId(), o.authorizationId(), o.status(), formattedAmount(o),
                    o.currency(), MerchantView.of(o.merchant()), o.expiresAt(), o.createdAt());
        }
    }
}
