package io.emboss.cards;

import com.fasterxml.jackson.annotation.JsonValue;
import io.emboss.shared.Currency;
import java.time.Instant;

/** The template a card is issued from. Amounts are minor units of {@link #currency()}. */
public record CardProduct(String id, String tenantId, String environment, String name, Network network,
                          FormFactor formFactor, Currency currency, String bin, long issuanceFeeMinor,
                          long topupFeeFixedMinor, String topupFeePercent, long minTopupMinor, long minBalanceMinor,
                          long maxBalanceMinor, Limits limits, int validityMonths, SettlementMode settlementMode,
                          boolean isDefault, Long threeDsThresholdMinor, Instant createdAt, Instant updatedAt,
                          BackOffice backOffice) {

    /** A product with the default back-office settings. */
    public CardProduct(String id, String tenantId, String environment, String name, Network network,
                       FormFactor formFactor, Currency currency, String bin, long issuanceFeeMinor,
                       long topupFeeFixedMinor, String topupFeePercent, long minTopupMinor, long minBalanceMinor,
                       long maxBalanceMinor, Limits limits, int validityMonths, SettlementMode settlementMode,
                       boolean isDefault, Long threeDsThresholdMinor, Instant createdAt, Instant updatedAt) {
        this(id, tenantId, environment, name, network, formFactor, currency, bin, issuanceFeeMinor,
                topupFeeFixedMinor, topupFeePercent, minTopupMinor, minBalanceMinor, maxBalanceMinor, limits,
                validityMonths, settlementMode, isDefault, threeDsThresholdMinor, createdAt, updatedAt,
                BackOffice.DEFAULT);
    }

    public CardProduct {
        java.util.Objects.requireNonNull(backOffice, "backOffice");
    }

    /**
     * What the back office does for the product's cards: whether a submitted dispute credits the
     * card at once (provisional credit), and the percent of the interchange the network pays on
     * their purchases that is credited to the tenant's funding balance at settlement.
     */
    public record BackOffice(boolean provisionalCredit, int interchangeSharePercent) {
        public static final BackOffice DEFAULT = new BackOffice(true, 80);

        public BackOffice {
            if (interchangeSharePercent < 0 || interchangeSharePercent > 100) {
                throw new IllegalArgumentException("an interchange share is 0 to 100 %");
            }
        }
    }

    public enum Network {
        VISA,
        MASTERCARD
    }

    public enum FormFactor {
        VIRTUAL,
        PHYSICAL
    }

    /** How a top-up settles: within the request, or later by a worker (seed 001/003). */
    public enum SettlementMode {
        INSTANT,
        ASYNC;

        @JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Spending limits in minor units; each at least 0, perTransaction ≤ daily ≤ monthly. */
    public record Limits(long perTransactionMinor, long dailyMinor, long monthlyMinor) {
        public Limits {
            if (perTransactionMinor < 0 || dailyMinor < 0 || monthlyMinor < 0) {
                throw new IllegalArgumentException("a limit is never negative");
            }
        }

        /** Null when consistent; otherwise what is wrong. */
        public static String inconsistency(long perTransaction, long daily, long monthly) {
            if (perTransaction < 0 || daily < 0 || monthly < 0) {
                return "limits must not be negative";
            }
            if (perTransaction > daily) {
                return "perTransaction must not exceed daily";
            }
            if (daily > monthly) {
                return "daily must not exceed monthly";
            }
            return null;
        }
    }
}
