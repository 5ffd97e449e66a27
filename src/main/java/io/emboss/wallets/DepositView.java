package io.emboss.wallets;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import java.time.Instant;

/**
 * A deposit as the API and its events show it: {@code target} is wallet or tenant_funding; when
 * the source currency differs, {@code sourceAmount} was converted at {@code rate} less {@code fee}.
 */
record DepositView(String id, @Schema(nullable = true) String customerId, String target, Currency currency,
                   String amount, @Schema(nullable = true) Currency sourceCurrency,
                   @Schema(nullable = true) String sourceAmount, String fee, @Schema(nullable = true) String rate,
                   String status, Instant createdAt) {

    static DepositView of(Deposit d) {
        return new DepositView(d.id(), d.customerId(), d.target(), d.currency(),
                Money.format(d.amountMinor(), d.currency()), d.sourceCurrency(),
                Money.format(d.sourceAmountMinor(), d.sourceCurrency()), Money.format(d.feeMinor(), d.currency()),
                d.rate(), d.status(), d.createdAt());
    }
}
