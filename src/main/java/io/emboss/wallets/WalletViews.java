package io.emboss.wallets;

import io.emboss.shared.Money;
import java.util.LinkedHashMap;
import java.util.Map;

/** Deposits as the API and their events show them. */
final class WalletViews {
    private WalletViews() {
    }

    static Map<String, Object> of(Deposit d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", d.id());
        view.put("customerId", d.customerId());
        view.put("target", d.target());
        view.put("currency", d.currency().name());
        view.put("amount", Money.format(d.amountMinor(), d.currency()));
        view.put("sourceCurrency", d.sourceCurrency().name());
        view.put("sourceAmount", Money.format(d.sourceAmountMinor(), d.sourceCurrency()));
        view.put("fee", Money.format(d.feeMinor(), d.currency()));
        view.put("rate", d.rate());
        view.put("status", d.status());
        view.put("createdAt", d.createdAt());
        return view;
    }
}
