package io.emboss.clearing;

import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One record of a clearing file and what it did. {@code outcome} is matched, over_cleared,
 * under_cleared, further_capture, force_posted, released, refunded, dispute_won, dispute_lost,
 * duplicate or rejected; {@code reason} says why for a rejection or a duplicate. Amounts are in the
 * card's currency; {@code difference} is what the card paid more (positive) or less (negative)
 * than its authorization held, posted as its own transfer.
 */
record ClearingRecordView(long line, @Schema(nullable = true) String recordId,
                          @Schema(nullable = true) String recordType, @Schema(nullable = true) String network,
                          @Schema(allowableValues = {"matched", "over_cleared", "under_cleared", "further_capture",
                              "force_posted", "released", "refunded", "dispute_won", "dispute_lost", "duplicate",
                              "rejected"}) String outcome,
                          @Schema(nullable = true) String reason, @Schema(nullable = true) String cardId,
                          @Schema(nullable = true) String transactionId, @Schema(nullable = true) String disputeId,
                          @Schema(nullable = true) Currency currency, @Schema(nullable = true) String amount,
                          @Schema(nullable = true) String difference, @Schema(nullable = true) String interchange) {

    static ClearingRecordView of(ClearingFile.Record r) {
        Currency c = r.currency() == null ? null : Currency.valueOf(r.currency());
        return new ClearingRecordView(r.line(), r.recordId(), r.recordType() == null ? null
                : r.recordType().toLowerCase(java.util.Locale.ROOT), r.network() == null ? null
                : r.network().toLowerCase(java.util.Locale.ROOT), r.outcome().wire(), r.reason(), r.cardId(),
                r.transactionId(), r.disputeId(), c, money(r.amountMinor(), c), money(r.differenceMinor(), c),
                money(r.interchangeMinor(), c));
    }

    private static String money(Long minor, Currency c) {
        return minor == null || c == null ? null : Money.format(minor, c);
    }
}
