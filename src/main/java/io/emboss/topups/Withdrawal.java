package io.emboss.topups;

import io.emboss.shared.Currency;
import java.time.Instant;

/** Money moved back from a card to its holder's wallet (or the tenant's funding balance). */
public record Withdrawal(String id, String tenantId, String environment, String cardId, String destination,
                         Currency currency, long amountMinor, long balanceBeforeMinor, long balanceAfterMinor,
                         Instant createdAt) {
}
