package io.emboss.disputes;

import io.emboss.shared.BusinessEvent;
import io.emboss.shared.Environment;

/** What happened to a dispute; published in the transaction of the change. The snapshot never holds file bytes. */
final class DisputeEvents {
    private DisputeEvents() {
    }

    /** dispute.created, .updated, .submitted, .won, .lost, .expired or .funds_reinstated: the dispute as GET shows it. */
    record Changed(String type, Dispute dispute) implements BusinessEvent {
        @Override
        public String tenantId() {
            return dispute.tenantId();
        }

        @Override
        public Environment environment() {
            return Environment.fromWire(dispute.environment());
        }

        @Override
        public Object snapshot() {
            return DisputeView.of(dispute);
        }
    }
}
