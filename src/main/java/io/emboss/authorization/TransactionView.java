package io.emboss.authorization;

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
record TransactionView(String id, String authorizationId, String cardId, String customerId, String type,
                       String status, boolean approved, DeclineReason declineReason, String authCode, String amount,
                       Currency currency, String merchantAmount, String merchantCurrency, String fxFee,
                       String heldAmount, String capturedAmount, String reversedAmount, String refundedAmount,
                       MerchantView merchant, String channel, String networkReference, String originalTransactionId,
                       String description, @JsonInclude(JsonInclude.Include.NON_NULL) List<CaptureView> captures,
                       boolean livemode, Instant createdAt, Instant updatedAt) {

    /** The transaction, with its captures when {@code captures} is not null. */
    static TransactionView of(CardTransaction t, List<CardTransaction.Capture> captures) {
        Currency c = t.currency();
        Currency merchantCurrency = Currency.parse(t.merchantCurrency()).orElse(c);
        return new TransactionView(t.id(), t.authorizationId(), t.cardId(), t.customerId(), t.type(), t.status(),
                t.approved(), DeclineReason.fromWire(t.declineReason()), t.authCode(), Money.format(t.amountMinor(), c),
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
