package io.emboss.ledger;

import io.emboss.shared.Currency;
import java.time.Instant;

/** A recorded, immutable transfer. */
public record Transfer(String id, String debitAccountId, String creditAccountId, long amountMinor,
                       Currency currency, String kind, Phase phase, String pendingId, String voidReason,
                       Instant timeoutAt, String reference, Instant createdAt) {

    public enum Phase {
        POSTED,
        PENDING,
        POST_PENDING,
        VOID_PENDING;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Phase fromWire(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
