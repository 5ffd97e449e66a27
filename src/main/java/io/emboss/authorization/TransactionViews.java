package io.emboss.authorization;

import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Transactions as the API and their events show them. */
final class TransactionViews {
    private TransactionViews() {
    }

    static Map<String, Object> of(CardTransaction t, List<CardTransaction.Capture> captures) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", t.id());
        view.put("authorizationId", t.authorizationId());
        view.put("cardId", t.cardId());
        view.put("customerId", t.customerId());
        view.put("type", t.type());
        view.put("status", t.status());
        view.put("approved", t.approved());
        view.put("declineReason", t.declineReason());
        view.put("authCode", t.authCode());
        view.put("amount", Money.format(t.amountMinor(), t.currency()));
        view.put("currency", t.currency().name());
        Currency merchantCurrency = io.emboss.shared.Currency.parse(t.merchantCurrency()).orElse(t.currency());
        view.put("merchantAmount", Money.format(t.merchantAmountMinor(), merchantCurrency));
        view.put("merchantCurrency", t.merchantCurrency());
        view.put("fxFee", Money.format(t.fxFeeMinor(), t.currency()));
        view.put("heldAmount", Money.format(t.heldMinor(), t.currency()));
        view.put("capturedAmount", Money.format(t.capturedMinor(), t.currency()));
        view.put("reversedAmount", Money.format(t.reversedMinor(), t.currency()));
        view.put("refundedAmount", Money.format(t.refundedMinor(), t.currency()));
        if (t.merchant() != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.merchant().name());
            m.put("mcc", t.merchant().mcc());
            m.put("city", t.merchant().city());
            m.put("country", t.merchant().country());
            view.put("merchant", m);
        } else {
            view.put("merchant", null);
        }
        view.put("channel", t.channel());
        view.put("networkReference", t.networkReference());
        view.put("originalTransactionId", t.originalId());
        view.put("description", t.description());
        if (captures != null) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (CardTransaction.Capture c : captures) {
                list.add(Map.of("amount", Money.format(c.amountMinor(), t.currency()), "createdAt", c.createdAt()));
            }
            view.put("captures", list);
        }
        view.put("livemode", "live".equals(t.environment()));
        view.put("createdAt", t.createdAt());
        view.put("updatedAt", t.updatedAt());
        return view;
    }
}
