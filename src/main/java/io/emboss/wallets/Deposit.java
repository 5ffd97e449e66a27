package io.emboss.wallets;

import io.emboss.shared.Currency;
import java.time.Instant;

/**
 * Money that arrived from outside: into a customer's wallet or the tenant's funding balance.
 * When the source currency differs, {@code sourceAmountMinor} was converted at {@code rate} and
 * {@code feeMinor} (in the credited currency) kept as revenue.
 */
public record Deposit(String id, String customerId, String target, Currency currency, long amountMinor,
                      Currency sourceCurrency, long sourceAmountMinor, long feeMinor, String rate, String status,
                      Instant createdAt) {
    public static final String TARGET_WALLET = "wallet";
    public static final String TARGET_TENANT_FUNDING = "tenant_funding";
}
