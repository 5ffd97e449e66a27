package io.emboss.wallets;

/** What happened to wallets and funding; published in the transaction of the change. */
public final class WalletEvents {
    private WalletEvents() {
    }

    public record DepositSucceeded(String tenantId, String environment, Deposit deposit) {
    }
}
