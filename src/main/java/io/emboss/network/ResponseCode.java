package io.emboss.network;

import io.emboss.authorization.DeclineReason;

/** Field 39 as Emboss answers it; the table in docs/iso8583.md is this enum. */
enum ResponseCode {
    APPROVED("00"),
    DO_NOT_HONOUR("05"),
    INVALID_AMOUNT("13"),
    INVALID_CARD("14"),
    FORMAT_ERROR("30"),
    INSUFFICIENT_FUNDS("51"),
    EXPIRED_CARD("54"),
    INCORRECT_PIN("55"),
    NOT_PERMITTED("57"),
    EXCEEDS_AMOUNT_LIMIT("61"),
    RESTRICTED_CARD("62"),
    EXCEEDS_FREQUENCY_LIMIT("65"),
    PIN_TRIES_EXCEEDED("75"),
    CVV2_MISMATCH("N7"),
    ISSUER_UNAVAILABLE("91"),
    DUPLICATE_TRANSMISSION("94"),
    SYSTEM_ERROR("96");

    final String code;

    ResponseCode(String code) {
        this.code = code;
    }

    static ResponseCode fromCode(String code) {
        for (ResponseCode c : values()) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        throw new IllegalArgumentException("not a response code of Emboss: " + code);
    }

    /** The engine's reason for a decline, as a network reads it. */
    static ResponseCode of(DeclineReason reason) {
        if (reason == null) {
            return DO_NOT_HONOUR;
        }
        return switch (reason) {
            case INVALID_CARD -> INVALID_CARD;
            case CARD_FROZEN -> RESTRICTED_CARD;
            case CARD_EXPIRED, INVALID_EXPIRY -> EXPIRED_CARD;
            case INVALID_CVV -> CVV2_MISMATCH;
            case INCORRECT_PIN -> INCORRECT_PIN;
            case PIN_TRIES_EXCEEDED -> PIN_TRIES_EXCEEDED;
            case INSUFFICIENT_FUNDS -> INSUFFICIENT_FUNDS;
            case INVALID_AMOUNT -> INVALID_AMOUNT;
            case EXCEEDS_TRANSACTION_LIMIT, EXCEEDS_DAILY_LIMIT, EXCEEDS_MONTHLY_LIMIT -> EXCEEDS_AMOUNT_LIMIT;
            case MCC_BLOCKED, COUNTRY_BLOCKED, UNSUPPORTED_CURRENCY -> NOT_PERMITTED;
            case WEBHOOK_TIMEOUT -> ISSUER_UNAVAILABLE;
            case CARD_NOT_ACTIVE, THREE_DS_FAILED, WEBHOOK_DECLINED -> DO_NOT_HONOUR;
            case AUTH_RULE -> RESTRICTED_CARD;
            case VELOCITY_EXCEEDED -> EXCEEDS_FREQUENCY_LIMIT;
        };
    }

    /** A decision as a network reads it: a velocity rule's amount limit is 61, its count limit 65. */
    static ResponseCode of(io.emboss.authorization.Decision d) {
        if (d.rule() != null && d.rule().limit() == io.emboss.authorization.Decision.RuleDecline.Limit.AMOUNT) {
            return EXCEEDS_AMOUNT_LIMIT;
        }
        return of(d.declineReason());
    }
}
