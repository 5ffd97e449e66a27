package io.emboss.authorization.rules;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A backtest as the API shows it; the counts are zero until it completes. */
record BacktestView(String id, String ruleId, int version, Instant start, Instant end,
                    @Schema(allowableValues = {"pending", "completed", "failed"}) Backtest.Status status,
                    long evaluated, long wouldDecline, long wouldApprove, Map<String, Long> byReason,
                    List<String> sampleTransactionIds, Instant createdAt,
                    @Schema(nullable = true) Instant completedAt) {

    static BacktestView of(Backtest b) {
        return new BacktestView(b.id(), b.ruleId(), b.version(), b.start(), b.end(), b.status(), b.evaluated(),
                b.wouldDecline(), b.wouldApprove(), b.byReason(), b.sampleTransactionIds(), b.createdAt(),
                b.completedAt());
    }
}
