package io.emboss.authorization;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why an authorization was declined: stable codes, shown in the API and mapped to ISO 8583 field 39. */
public enum DeclineReason {
    INVALID_CARD,
    CARD_NOT_ACTIVE,
    CARD_FROZEN,
    CARD_EXPIRED,
    INVALID_EXPIRY,
    INVALID_CVV,
    INCORRECT_PIN,
    PIN_TRIES_EXCEEDED,
    INSUFFICIENT_FUNDS,
    /** The merchant's amount is worth less than the card currency's smallest unit once converted. */
    INVALID_AMOUNT,
    EXCEEDS_TRANSACTION_LIMIT,
    EXCEEDS_DAILY_LIMIT,
    EXCEEDS_MONTHLY_LIMIT,
    MCC_BLOCKED,
    COUNTRY_BLOCKED,
    UNSUPPORTED_CURRENCY,
    THREE_DS_FAILED,
    WEBHOOK_DECLINED,
    WEBHOOK_TIMEOUT,
    /** A conditional block or a merchant lock of the tenant's authorization rules. */
    AUTH_RULE,
    /** A velocity rule's count or amount in its window. */
    VELOCITY_EXCEEDED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The reason a stored code names; null for null. */
    public static DeclineReason fromWire(String wire) {
        return wire == null ? null : valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }
}
