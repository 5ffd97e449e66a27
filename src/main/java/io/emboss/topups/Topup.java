package io.emboss.topups;

import com.fasterxml.jackson.annotation.JsonValue;
import io.emboss.shared.Currency;
import java.time.Instant;
import java.util.List;

/**
 * A top-up. {@code amountMinor} reaches the card; the source pays amount + fee (in the card's
 * currency), or {@code sourceAmountMinor} of another currency converted at {@code rate} less
 * {@code fxFeeMinor}. Balances are the card's posted balance before and after.
 */
public record Topup(String id, String tenantId, String environment, String cardId, String customerId, Source source,
                    Status status, Currency currency, long amountMinor, long feeMinor, Currency sourceCurrency,
                    long sourceAmountMinor, long fxFeeMinor, String rate, long balanceBeforeMinor,
                    long balanceAfterMinor, List<String> holdIds, String failureReason, Instant settleAfter,
                    Instant createdAt, Instant completedAt) {

    public enum Source {
        WALLET,
        TENANT;

        @JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Status {
        PENDING,
        COMPLETED,
        FAILED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
