package io.emboss.cards;

import io.emboss.ledger.Balance;
import io.emboss.shared.Money;
import java.util.LinkedHashMap;
import java.util.Map;

/** Cards and products as the API and events show them: masked number only, never PAN, CVV or PIN. */
final class CardViews {
    private CardViews() {
    }

    static Map<String, Object> of(Card c, Balance balance) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", c.id());
        view.put("customerId", c.customerId());
        view.put("productId", c.productId());
        view.put("name", c.name());
        view.put("network", c.network().name());
        view.put("formFactor", c.formFactor().name());
        view.put("currency", c.currency().name());
        view.put("status", c.status().wire());
        view.put("statusReason", c.statusReason());
        view.put("maskedNumber", c.maskedNumber());
        view.put("last4", c.last4());
        view.put("expiryMonth", c.expiryMonth());
        view.put("expiryYear", c.expiryYear());
        if (balance != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("available", Money.format(balance.available(), c.currency()));
            b.put("pending", Money.format(balance.held(), c.currency()));
            b.put("currency", c.currency().name());
            view.put("balance", b);
        }
        view.put("limits", limits(c.limits(), c));
        Map<String, Object> controls = new LinkedHashMap<>();
        controls.put("allowedMccs", c.controls().allowedMccs());
        controls.put("blockedMccs", c.controls().blockedMccs());
        controls.put("allowedCountries", c.controls().allowedCountries());
        controls.put("blockedCountries", c.controls().blockedCountries());
        view.put("controls", controls);
        if (c.shipping() != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("status", c.shipping().status());
            Map<String, Object> address = new LinkedHashMap<>();
            address.put("name", c.shipping().name());
            address.put("line1", c.shipping().line1());
            address.put("line2", c.shipping().line2());
            address.put("city", c.shipping().city());
            address.put("state", c.shipping().state());
            address.put("postalCode", c.shipping().postalCode());
            address.put("country", c.shipping().country());
            s.put("address", address);
            view.put("shipping", s);
        }
        view.put("pinSet", c.pinSet());
        view.put("refundAmount", c.refundAmountMinor() == null ? null : Money.format(c.refundAmountMinor(), c.currency()));
        view.put("livemode", "live".equals(c.environment()));
        view.put("createdAt", c.createdAt());
        view.put("updatedAt", c.updatedAt());
        view.put("closedAt", c.closedAt());
        return view;
    }

    private static Map<String, Object> limits(CardProduct.Limits l, Card c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("perTransaction", Money.format(l.perTransactionMinor(), c.currency()));
        m.put("daily", Money.format(l.dailyMinor(), c.currency()));
        m.put("monthly", Money.format(l.monthlyMinor(), c.currency()));
        return m;
    }

    static Map<String, Object> of(CardProduct p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", p.id());
        view.put("name", p.name());
        view.put("network", p.network().name());
        view.put("formFactor", p.formFactor().name());
        view.put("currency", p.currency().name());
        view.put("bin", p.bin());
        view.put("issuanceFee", Money.format(p.issuanceFeeMinor(), p.currency()));
        view.put("topupFee", Map.of("fixed", Money.format(p.topupFeeFixedMinor(), p.currency()),
                "percent", p.topupFeePercent()));
        view.put("minTopup", Money.format(p.minTopupMinor(), p.currency()));
        view.put("minBalance", Money.format(p.minBalanceMinor(), p.currency()));
        view.put("maxBalance", Money.format(p.maxBalanceMinor(), p.currency()));
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("perTransaction", Money.format(p.limits().perTransactionMinor(), p.currency()));
        limits.put("daily", Money.format(p.limits().dailyMinor(), p.currency()));
        limits.put("monthly", Money.format(p.limits().monthlyMinor(), p.currency()));
        view.put("limits", limits);
        view.put("validityMonths", p.validityMonths());
        view.put("settlementMode", p.settlementMode().wire());
        view.put("isDefault", p.isDefault());
        view.put("threeDsThreshold", p.threeDsThresholdMinor() == null ? null
                : Money.format(p.threeDsThresholdMinor(), p.currency()));
        view.put("livemode", "live".equals(p.environment()));
        view.put("createdAt", p.createdAt());
        view.put("updatedAt", p.updatedAt());
        return view;
    }
}
