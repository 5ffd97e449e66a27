package io.emboss.authorization;

import io.emboss.shared.BusinessEvent;
import io.emboss.shared.Environment;

/** What happened to card transactions: published in the transaction of the change. */
public final class TransactionEvents {
    private TransactionEvents() {
    }

    /**
     * authorization.created (approved), authorization.declined, transaction.created (refund,
     * force-post, top-up, withdrawal) or transaction.updated (captured, reversed, incremented, expired).
     */
    public record Changed(String type, CardTransaction transaction) implements BusinessEvent {
        @Override
        public String tenantId() {
            return transaction.tenantId();
        }

        @Override
        public Environment environment() {
            return Environment.fromWire(transaction.environment());
        }

        @Override
        public Object snapshot() {
            return TransactionView.of(transaction, null);
        }
    }
}
