package io.emboss.disputes;

import com.fasterxml.jackson.annotation.JsonValue;
import io.emboss.shared.Currency;
import java.time.Instant;
import java.util.Locale;

/**
 * A dispute of a captured transaction. {@code provisionalCreditMinor} is what was advanced to the card on
 * submission (null: the product gives no provisional credit, or not submitted yet); {@code recoveredMinor}
 * what the network paid back when it was won.
 */
public record Dispute(String id, String tenantId, String environment, String transactionId, String cardId,
                      Status status, Reason reason, Currency currency, long amountMinor, String explanation,
                      String evidence, Long provisionalCreditMinor, Long recoveredMinor, Instant networkDeadline,
                      Instant createdAt, Instant updatedAt, Instant submittedAt, Instant resolvedAt) {

    public Dispute {
        if (amountMinor <= 0) {
            throw new IllegalStateException("a dispute is for a positive amount");
        }
    }

    /** unsubmitted (editable) → submitted → won | lost | expired; nothing else. */
    public enum Status {
        UNSUBMITTED,
        SUBMITTED,
        WON,
        LOST,
        EXPIRED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the disputed amount is still claimed: a lost or expired dispute frees it for another. */
        public boolean claims() {
            return this != LOST && this != EXPIRED;
        }

        public boolean resolved() {
            return this == WON || this == LOST || this == EXPIRED;
        }
    }

    /** Why the cardholder disputes the transaction (the networks' reason families). */
    public enum Reason {
        FRAUDULENT,
        NOT_RECEIVED,
        DUPLICATE,
        CANCELED,
        NOT_AS_DESCRIBED,
        CREDIT_NOT_PROCESSED,
        OTHER;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a submitted dispute ends; {@code won} with the amount the network paid back. */
    public enum Outcome {
        WON,
        LOST,
        EXPIRED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        Status status() {
            return Status.valueOf(name());
        }
    }

    Dispute with(Status next, Long provisional, Long recovered, Instant now) {
        return new Dispute(id, tenantId, environment, transactionId, cardId, next, reason, currency, amountMinor,
                explanation, evidence, provisional, recovered, networkDeadline, createdAt, now,
                next == Status.SUBMITTED ? now : submittedAt, next.resolved() ? now : resolvedAt);
    }

    Dispute edited(Reason newReason, long newAmount, String newExplanation, String newEvidence, Instant now) {
        return new Dispute(id, tenantId, environment, transactionId, cardId, status, newReason, currency, newAmount,
                newExplanation, newEvidence, provisionalCreditMinor, recoveredMinor, networkDeadline, createdAt, now,
                submittedAt, resolvedAt);
    }
}
