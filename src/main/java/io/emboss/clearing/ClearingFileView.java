package io.emboss.clearing;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;

/** A clearing file as the API shows it: its progress and what its records did so far. */
record ClearingFileView(String id, @Schema(nullable = true) String fileName,
                        @Schema(allowableValues = {"processing", "completed"}) String status, LocalDate settlementDate,
                        Progress progress, Outcomes outcomes,
                        @Schema(nullable = true, description = "Set for a sandbox tenant's simulated file; null for "
                                + "a network's file the platform ingested") Boolean livemode,
                        @Schema(description = "SHA-256 of the file's bytes: a file sent again is the same file")
                        String contentSha256, Instant createdAt, @Schema(nullable = true) Instant completedAt) {

    /** How many records the file has and how many are applied (or rejected) so far. */
    record Progress(long recordsTotal, long recordsProcessed,
                    @Schema(description = "recordsProcessed as a percent of recordsTotal, e.g. \"42.5\"") String percent) {
    }

    /** How many records ended in each outcome. */
    record Outcomes(long matched, long overCleared, long underCleared, long furtherCaptures, long forcePosted,
                    long released, long refunded, long chargebacks, long duplicates, long rejected) {
    }

    static ClearingFileView of(ClearingFile f) {
        ClearingFile.Counts c = f.counts();
        String percent = f.recordsTotal() == 0 ? "100.0" : BigDecimal.valueOf(f.recordsProcessed() * 1000L)
                .divide(BigDecimal.valueOf(f.recordsTotal()), 0, RoundingMode.DOWN).movePointLeft(1).toPlainString();
        return new ClearingFileView(f.id(), f.fileName(), f.status().wire(), f.settlementDate(),
                new Progress(f.recordsTotal(), f.recordsProcessed(), percent),
                new Outcomes(c.matched(), c.overCleared(), c.underCleared(), c.furtherCaptures(), c.forcePosted(),
                        c.released(), c.refunded(), c.chargebacks(), c.duplicates(), c.rejected()),
                f.environment() == null ? null : "live".equals(f.environment()), f.contentSha256(), f.createdAt(),
                f.completedAt());
    }
}
