package io.emboss.wallets;

import io.emboss.shared.BusinessEvent;
import io.emboss.shared.Environment;

/** What happened to wallets and funding; published in the transaction of the change. */
public final class WalletEvents {
    private WalletEvents() {
    }

    /** A deposit credited a wallet ({@code wallet.deposit_succeeded}) or the tenant's funding balance. */
    public record DepositSucceeded(String tenantId, Environment environment, Deposit deposit) implements BusinessEvent {
        @Override
        public String type() {
            return Deposit.TARGET_WALLET.equals(deposit.target()) ? "wallet.deposit_succeeded"
                    : "balance.funding_succeeded";
        }

        @Override
        public Object snapshot() {
            return DepositView.of(deposit);
        }
    }
}
