package io.emboss.compat.ops;

import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The seed 003 vocabulary for native values: statuses, transaction types, amounts as JSON numbers. */
final class OpsWire {
    /** Native transaction status → the seed's, and back. */
    private static final Map<String, String> TRANSACTION_STATUS = Map.of(
            "completed", "SUCCESS", "pending", "PENDING", "declined", "FAILED", "reversed", "REVERSED",
            "expired", "EXPIRED");

    /** Native transaction type → the seed's ("RECHARGE" is its top-up), and back. */
    private static final Map<String, String> TRANSACTION_TYPE = Map.of(
            "topup", "RECHARGE", "withdrawal", "WITHDRAWAL", "authorization", "AUTHORIZATION", "refund", "REFUND",
            "force_post", "FORCE_POST", "fee", "FEE");

    private OpsWire() {
    }

    /** An amount as an exact JSON number with the currency's decimals (150.50), never a double. */
    static BigDecimal amount(long minor, Currency currency) {
        return new BigDecimal(Money.format(minor, currency));
    }

    /** A native amount string ("100.00") from an event payload, as a JSON number. */
    static BigDecimal amount(String decimal) {
        return decimal == null ? null : new BigDecimal(decimal);
    }

    /** The card status as the seed names it: ACTIVE, LOCKED (frozen), INACTIVE, CLOSED. */
    static String cardStatus(String nativeStatus) {
        return "frozen".equals(nativeStatus) ? "LOCKED" : nativeStatus.toUpperCase(Locale.ROOT);
    }

    static String transactionStatus(String nativeStatus) {
        return TRANSACTION_STATUS.getOrDefault(nativeStatus, nativeStatus.toUpperCase(Locale.ROOT));
    }

    static String transactionType(String nativeType) {
        return TRANSACTION_TYPE.getOrDefault(nativeType, nativeType.toUpperCase(Locale.ROOT));
    }

    static Optional<String> nativeTransactionStatus(String seedStatus) {
        return reverse(TRANSACTION_STATUS, seedStatus);
    }

    static Optional<String> nativeTransactionType(String seedType) {
        return reverse(TRANSACTION_TYPE, seedType);
    }

    static String transactionStatuses() {
        return String.join(", ", new java.util.TreeSet<>(TRANSACTION_STATUS.values()));
    }

    static String transactionTypes() {
        return String.join(", ", new java.util.TreeSet<>(TRANSACTION_TYPE.values()));
    }

    private static Optional<String> reverse(Map<String, String> map, String seedValue) {
        return map.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(seedValue.trim()))
                .map(Map.Entry::getKey).findFirst();
    }
}
