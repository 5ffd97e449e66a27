package io.emboss.topups;

import io.emboss.shared.BusinessEvent;
import io.emboss.shared.Environment;

/** What happened to top-ups and withdrawals; published in the transaction of the change. */
public final class TopupEvents {
    private TopupEvents() {
    }

    /** topup.created (pending), topup.succeeded or topup.failed, with the final amounts. */
    public record TopupChanged(String type, Topup topup) implements BusinessEvent {
        @Override
        public String tenantId() {
            return topup.tenantId();
        }

        @Override
        public Environment environment() {
            return Environment.fromWire(topup.environment());
        }

        @Override
        public Object snapshot() {
            return TopupView.of(topup);
        }
    }

    public record WithdrawalSucceeded(Withdrawal withdrawal) implements BusinessEvent {
        @Override
        public String type() {
            return "withdrawal.succeeded";
        }

        @Override
        public String tenantId() {
            return withdrawal.tenantId();
        }

        @Override
        public Environment environment() {
            return Environment.fromWire(withdrawal.environment());
        }

        @Override
        public Object snapshot() {
            return WithdrawalView.of(withdrawal);
        }
    }
}
