package io.emboss.dashboard;

import io.emboss.authorization.CardTransaction;
import io.emboss.authorization.DeclineReason;
import io.emboss.shared.Money;

/** A transaction as the console shows it: amounts formatted, the decline reason in words beside its code. */
public record TransactionRow(String id, String authorizationId, String type, String status, boolean approved,
                             String amount, String merchantAmount, String merchant, String mcc, String city,
                             String country, String channel, String reasonWords, String reasonCode, String authCode,
                             String cardId, String customerId, String originalId, String description,
                             String createdAt, String updatedAt) {

    static TransactionRow of(CardTransaction t) {
        DeclineReason reason = DeclineReason.fromWire(t.declineReason());
        var m = t.merchant();
        String merchantAmount = t.merchantCurrency() == null || t.merchantCurrency().equals(t.currency().name()) ? null
                : io.emboss.shared.Currency.parse(t.merchantCurrency())
                        .map(c -> Money.format(t.merchantAmountMinor(), c) + " " + c.name()).orElse(null);
        return new TransactionRow(t.id(), t.authorizationId(), t.type(), t.status(), t.approved(),
                amount(t.amountMinor(), t), merchantAmount, m == null ? null : m.name(), m == null ? null : m.mcc(),
                m == null ? null : m.city(), m == null ? null : m.country(), t.channel(), DeclineWords.of(reason),
                reason == null ? null : reason.wire(), t.authCode(), t.cardId(), t.customerId(), t.originalId(),
                t.description(), ConsoleLists.time(t.createdAt()), ConsoleLists.time(t.updatedAt()));
    }

    static String amount(long amountMinor, CardTransaction t) {
        return Money.format(amountMinor, t.currency()) + " " + t.currency().name();
    }
}
