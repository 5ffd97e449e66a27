package io.emboss.clearing;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A clearing file as ingested: who sent it (the platform operator, or a sandbox tenant's simulation),
 * its settlement day, how far its records have been applied and what they did.
 */
public record ClearingFile(String id, String tenantId, String environment, String fileName, String contentSha256,
                           LocalDate settlementDate, Status status, long recordsTotal, long recordsProcessed,
                           Counts counts, Instant createdAt, Instant completedAt) {

    public ClearingFile {
        if (recordsProcessed > recordsTotal || recordsProcessed < 0) {
            throw new IllegalStateException("a file never processes more records than it has");
        }
    }

    public enum Status {
        /** Staged; its records are being applied in chunks. */
        PROCESSING,
        /** Every record applied, duplicate or rejected; the settlement is booked. */
        COMPLETED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How many of the file's records ended in each outcome so far. */
    public record Counts(long matched, long overCleared, long underCleared, long furtherCaptures, long forcePosted,
                         long released, long refunded, long chargebacks, long duplicates, long rejected) {
        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        /** These counts with one more record of {@code outcome}. */
        Counts plus(RecordOutcome outcome) {
            return new Counts(matched + is(outcome, RecordOutcome.MATCHED),
                    overCleared + is(outcome, RecordOutcome.OVER_CLEARED),
                    underCleared + is(outcome, RecordOutcome.UNDER_CLEARED),
                    furtherCaptures + is(outcome, RecordOutcome.FURTHER_CAPTURE),
                    forcePosted + is(outcome, RecordOutcome.FORCE_POSTED), released + is(outcome, RecordOutcome.RELEASED),
                    refunded + is(outcome, RecordOutcome.REFUNDED),
                    chargebacks + is(outcome, RecordOutcome.DISPUTE_WON) + is(outcome, RecordOutcome.DISPUTE_LOST),
                    duplicates + is(outcome, RecordOutcome.DUPLICATE), rejected + is(outcome, RecordOutcome.REJECTED));
        }

        long total() {
            return matched + overCleared + underCleared + furtherCaptures + forcePosted + released + refunded
                    + chargebacks + duplicates + rejected;
        }

        private static long is(RecordOutcome a, RecordOutcome b) {
            return a == b ? 1 : 0;
        }
    }

    /** What one record did. */
    public enum RecordOutcome {
        MATCHED,
        OVER_CLEARED,
        UNDER_CLEARED,
        FURTHER_CAPTURE,
        FORCE_POSTED,
        RELEASED,
        REFUNDED,
        /** A chargeback_reversal: the submitted dispute was won, the network's money came back. */
        DISPUTE_WON,
        /** A representment: the merchant contested the chargeback, the dispute was lost. */
        DISPUTE_LOST,
        /** A record id already applied (from this file or an earlier one): nothing moved again. */
        DUPLICATE,
        REJECTED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static RecordOutcome fromWire(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }

        /** Whether the record moved money (and so counts in the settlement). */
        boolean applied() {
            return this != DUPLICATE && this != REJECTED;
        }
    }

    /** One record as the file's report shows it. */
    public record Record(long line, String recordId, String recordType, String network, RecordOutcome outcome,
                         String reason, String cardId, String transactionId, String disputeId, String currency,
                         Long amountMinor, Long differenceMinor, Long interchangeMinor) {
    }
}
