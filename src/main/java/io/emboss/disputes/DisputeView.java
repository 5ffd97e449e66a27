package io.emboss.disputes;

import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A dispute as the API (and its events) show it; amounts are decimal strings in the card's currency. */
record DisputeView(String id, String transactionId, String cardId, Dispute.Status status, Dispute.Reason reason,
                   String amount, Currency currency, @Schema(nullable = true) String explanation,
                   @Schema(nullable = true, description = "Free text: the cardholder's account of events, what "
                           + "was ordered, tracking numbers, who was contacted; files go to /files")
                   String evidence,
                   @Schema(nullable = true, description = "The amount credited to the card on submission, or null "
                           + "when the card's product gives no provisional credit (or before submission)")
                   String provisionalCredit,
                   @Schema(nullable = true, description = "What the network paid back, once the dispute is won")
                   String recoveredAmount,
                   @Schema(description = "The last moment the network accepts the dispute: the transaction's "
                           + "createdAt plus the dispute window") Instant networkDeadline,
                   Instant createdAt, Instant updatedAt, @Schema(nullable = true) Instant submittedAt,
                   @Schema(nullable = true) Instant resolvedAt, boolean livemode) {

    static DisputeView of(Dispute d) {
        return new DisputeView(d.id(), d.transactionId(), d.cardId(), d.status(), d.reason(),
                Money.format(d.amountMinor(), d.currency()), d.currency(), d.explanation(), d.evidence(),
                amount(d.provisionalCreditMinor(), d.currency()), amount(d.recoveredMinor(), d.currency()),
                d.networkDeadline(), d.createdAt(), d.updatedAt(), d.submittedAt(), d.resolvedAt(),
                "live".equals(d.environment()));
    }

    private static String amount(Long minor, Currency currency) {
        return minor == null ? null : Money.format(minor, currency);
    }
}
