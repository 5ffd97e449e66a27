package io.emboss.topups;

import io.emboss.shared.Money;
import java.util.LinkedHashMap;
import java.util.Map;

/** Top-ups and withdrawals as the API and their events show them. */
final class TopupViews {
    private TopupViews() {
    }

    static Map<String, Object> of(Topup t) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", t.id());
        view.put("cardId", t.cardId());
        view.put("customerId", t.customerId());
        view.put("source", t.source().wire());
        view.put("status", t.status().wire());
        view.put("amount", Money.format(t.amountMinor(), t.currency()));
        view.put("fee", Money.format(t.feeMinor(), t.currency()));
        view.put("currency", t.currency().name());
        if (t.sourceCurrency() != t.currency()) {
            view.put("sourceAmount", Money.format(t.sourceAmountMinor(), t.sourceCurrency()));
            view.put("sourceCurrency", t.sourceCurrency().name());
            view.put("rate", t.rate());
            view.put("fxFee", Money.format(t.fxFeeMinor(), t.currency()));
        }
        view.put("balanceBefore", Money.format(t.balanceBeforeMinor(), t.currency()));
        view.put("balanceAfter", Money.format(t.balanceAfterMinor(), t.currency()));
        view.put("failureReason", t.failureReason());
        view.put("livemode", "live".equals(t.environment()));
        view.put("createdAt", t.createdAt());
        view.put("completedAt", t.completedAt());
        return view;
    }

    static Map<String, Object> of(Withdrawal w) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", w.id());
        view.put("cardId", w.cardId());
        view.put("destination", w.destination());
        view.put("status", "completed");
        view.put("amount", Money.format(w.amountMinor(), w.currency()));
        view.put("currency", w.currency().name());
        view.put("balanceBefore", Money.format(w.balanceBeforeMinor(), w.currency()));
        view.put("balanceAfter", Money.format(w.balanceAfterMinor(), w.currency()));
        view.put("livemode", "live".equals(w.environment()));
        view.put("createdAt", w.createdAt());
        return view;
    }
}
