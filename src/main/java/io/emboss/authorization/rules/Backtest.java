package io.emboss.authorization.rules;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A rule version run over a period of the tenant's recorded authorizations, and what it would have done. */
record Backtest(String id, String ruleId, int version, Instant start, Instant end, Status status, long evaluated,
                long wouldDecline, long wouldApprove, Map<String, Long> byReason, List<String> sampleTransactionIds,
                Instant createdAt, Instant completedAt) {

    Backtest {
        if (evaluated != wouldDecline + wouldApprove) {
            throw new IllegalStateException("every evaluated authorization is declined or approved");
        }
    }

    /** running is shown as pending: the API promises pending, completed or failed. */
    enum Status {
        PENDING,
        RUNNING,
        COMPLETED,
        FAILED;

        @JsonValue
        public String wire() {
            return this == RUNNING ? "pending" : name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a replay counted. */
    record Result(long evaluated, long wouldDecline, Map<String, Long> byReason, List<String> samples) {
    }
}
