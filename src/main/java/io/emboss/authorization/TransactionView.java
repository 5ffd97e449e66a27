package io.emboss.authorization;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import java.time.Instant;
import java.util.List;

/**
 * A transaction as the API and its events show it. {@code type} is authorization, refund, topup,
 * withdrawal, fee or force_post; {@code status} pending, completed, declined, reversed or expired.
 * {@code captures} is there when one transaction is read, not in lists and events.
 */
record TransactionView(String id, @Schema(nullable = true) String authorizationId,
                       @Schema(nullable = true) String cardId, @Schema(nullable = true) String customerId,
                       String type, String status, boolean approved,
                       @Schema(nullable = true) DeclineReason declineReason,
                       @Schema(nullable = true, description = "The authorization rule that declined it")
                       String declinedByRuleId, @Schema(nullable = true) String authCode,
                       String amount, Currency currency, @Schema(nullable = true) String merchantAmount,
                       @Schema(nullable = true) String merchantCurrency, @Schema(nullable = true) String fxFee,
                       @Schema(nullable = true) String heldAmount, @Schema(nullable = true) String capturedAmount,
                       @Schema(nullable = true) String reversedAmount, @Schema(nullable = true) String refundedAmount,
                       @Schema(nullable = true) MerchantView merchant, @Schema(nullable = true) String channel,
                       @Schema(nullable = true) String networkReference,
                       @Schema(nullable = true) String originalTransactionId,
                       @Schema(nullable = true) String description,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<CaptureView> captures, boolean livemode,
                       Instant createdAt, Instant updatedAt) {

    /** The transaction, with its captures when {@code captures} is not null. */
    static TransactionView of(CardTransaction t, List<CardTransaction.Capture> captures) {
        Currency c = t.currency();
        Currency merchantCurrency = Currency.parse(t.merchantCurrency()).orElse(c);
        return new TransactionView(t.id(), t.authorizationId(), t.cardId(), t.customerId(), t.type(), t.status(),
                t.approved(), DeclineReason.fromWire(t.declineReason()), t.declinedByRuleId(), t.authCode(), Money.format(t.amountMinor(), c),
                c, Money.format(t.merchantAmountMinor(), merchantCurrency), t.merchantCurrency(),
                Money.format(t.fxFeeMinor(), c), Money.format(t.heldMinor(), c), Money.format(t.capturedMinor(), c),
                Money.format(t.reversedMinor(), c), Money.format(t.refundedMinor(), c), MerchantView.of(t.merchant()),
                t.channel(), t.networkReference(), t.originalId(), t.description(),
                captures == null ? null : captures.stream().map(k -> CaptureView.of(k, c)).toList(),
                "live".equals(t.environment()), t.createdAt(), t.updatedAt());
    }

    /** One capture of an authorization: how much, and when. */
    record CaptureView(String amount, Instant createdAt) {
        static CaptureView of(CardTransaction.Capture capture, Currency currency) {
            return new CaptureView(Money.format(capture.amountMinor(), currency), capture.createdAt());
        }
    }
}
