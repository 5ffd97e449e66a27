package io.emboss.compat.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The seed 003 vocabulary for native values (statuses, transaction types, amounts as JSON numbers) and
 * its answers, field for field and in its order. Names carry the dialect so they never meet a native
 * schema's.
 */
final class OpsWire {
    @Schema(requiredProperties = "message")
    record OpsMessage(@Schema(example = "Operation requested") String message) {
    }

    @Schema(requiredProperties = {"balance", "refund_amount", "currency"})
    record OpsCardBalance(@Schema(description = "Available: posted minus holds", example = "150.50") BigDecimal balance,
                          @JsonProperty("refund_amount") @Schema(description = "What closing the card would return now",
                                  example = "150.50") BigDecimal refundAmount,
                          @Schema(example = "USD") String currency) {
    }

    /** The card info answer; its toString never shows the number or CVV. */
    @Schema(requiredProperties = {"number", "cvv", "expiry_date", "status", "template_id"})
    record OpsCardInfo(@Schema(description = "In full only for callers who may read sensitive data, else masked",
                               example = "411111******1234") String number,
                       @Schema(description = "*** unless the number is in full", example = "***") String cvv,
                       @JsonProperty("expiry_date") @Schema(pattern = "^[0-9]{2}/[0-9]{2}$", example = "12/29")
                       String expiryDate,
                       @Schema(allowableValues = {"ACTIVE", "LOCKED", "INACTIVE", "CLOSED"}) String status,
                       @JsonProperty("template_id") long templateId) {
        @Override
        public String toString() {
            return "OpsCardInfo[redacted]";
        }
    }

    /** One row of the history; {@code card_id} is null for a decline on an unknown card. */
    @Schema(requiredProperties = {"id", "card_id", "amount", "currency", "type", "status", "created_at",
            "merchant_name"})
    record OpsHistoryRow(long id,
                         @JsonProperty("card_id") @Schema(types = {"integer", "null"}, format = "int64",
                                 description = "null for a decline that named no known card") Long cardId,
                         BigDecimal amount, @Schema(example = "USD") String currency,
                         @Schema(allowableValues = {"RECHARGE", "WITHDRAWAL", "AUTHORIZATION", "REFUND",
                                 "FORCE_POST", "FEE"}) String type,
                         @Schema(allowableValues = {"SUCCESS", "PENDING", "FAILED", "REVERSED", "EXPIRED"})
                         String status,
                         @JsonProperty("created_at") @Schema(format = "date-time", example = "2024-01-15T10:30:00Z")
                         String createdAt,
                         @JsonProperty("merchant_name") String merchantName) {
    }

    @Schema(requiredProperties = {"data", "total"})
    record OpsHistoryPage(List<OpsHistoryRow> data, @Schema(description = "Every match, beyond this page") long total) {
    }

    /** A native id and its number: exactly one of user_id, card_id, template_id is present. */
    @Schema(requiredProperties = "id")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OpsIdRow(@Schema(example = "card_9e3b1f7a2c4d8e60") String id,
                    @JsonProperty("user_id") Long userId,
                    @JsonProperty("card_id") Long cardId,
                    @JsonProperty("template_id") Long templateId) {
    }

    @Schema(requiredProperties = "data")
    record OpsIds(List<OpsIdRow> data) {
    }

    /** Every error of the dialect: the native code beside the message, the offending fields on a 400. */
    @Schema(requiredProperties = {"message", "code"})
    record OpsError(String message, @Schema(example = "resource_not_found") String code,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> fields) {
    }

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
