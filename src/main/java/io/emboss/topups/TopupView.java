package io.emboss.topups;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import java.time.Instant;

/**
 * A top-up as the API and its events show it. The four FX fields ({@code sourceAmount},
 * {@code sourceCurrency}, {@code rate}, {@code fxFee}) are there only when the source paid in another
 * currency than the card's.
 */
record TopupView(String id, String cardId, @Schema(nullable = true) String customerId, Topup.Source source,
                 Topup.Status status, String amount, @Schema(nullable = true) String fee, Currency currency,
                 @JsonInclude(JsonInclude.Include.NON_NULL) String sourceAmount,
                 @JsonInclude(JsonInclude.Include.NON_NULL) Currency sourceCurrency,
                 @JsonInclude(JsonInclude.Include.NON_NULL) String rate,
                 @JsonInclude(JsonInclude.Include.NON_NULL) String fxFee,
                 @Schema(nullable = true) String balanceBefore, @Schema(nullable = true) String balanceAfter,
                 @Schema(nullable = true) String failureReason, boolean livemode, Instant createdAt,
                 @Schema(nullable = true) Instant completedAt) {

    static TopupView of(Topup t) {
        Currency c = t.currency();
        boolean fx = t.sourceCurrency() != c;
        return new TopupView(t.id(), t.cardId(), t.customerId(), t.source(), t.status(),
                Money.format(t.amountMinor(), c), Money.format(t.feeMinor(), c), c,
                fx ? Money.format(t.sourceAmountMinor(), t.sourceCurrency()) : null, fx ? t.sourceCurrency() : null,
                fx ? t.rate() : null, fx ? Money.format(t.fxFeeMinor(), c) : null,
                Money.format(t.balanceBeforeMinor(), c), Money.format(t.balanceAfterMinor(), c), t.failureReason(),
                "live".equals(t.environment()), t.createdAt(), t.completedAt());
    }
}
