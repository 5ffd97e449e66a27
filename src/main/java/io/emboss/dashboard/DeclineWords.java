package io.emboss.dashboard;

import io.emboss.authorization.DeclineReason;

/** A decline reason in the words an operations person reads (the API's code is shown beside it). */
final class DeclineWords {
    private DeclineWords() {
    }

    static String of(DeclineReason reason) {
        if (reason == null) {
            return "";
        }
        return switch (reason) {
            case INVALID_CARD -> "Unknown card";
            case CARD_NOT_ACTIVE -> "Card not active";
            case CARD_FROZEN -> "Card frozen";
            case CARD_EXPIRED -> "Card expired";
            case INVALID_EXPIRY -> "Wrong expiry date";
            case INVALID_CVV -> "Wrong CVV";
            case INCORRECT_PIN -> "Wrong PIN";
            case PIN_TRIES_EXCEEDED -> "Too many wrong PINs";
            case INSUFFICIENT_FUNDS -> "Insufficient funds";
            case INVALID_AMOUNT -> "Amount too small once converted";
            case EXCEEDS_TRANSACTION_LIMIT -> "Over the per-transaction limit";
            case EXCEEDS_DAILY_LIMIT -> "Over the daily limit";
            case EXCEEDS_MONTHLY_LIMIT -> "Over the monthly limit";
            case MCC_BLOCKED -> "Merchant category blocked";
            case COUNTRY_BLOCKED -> "Country blocked";
            case UNSUPPORTED_CURRENCY -> "Currency not supported";
            case THREE_DS_FAILED -> "3-D Secure failed";
            case WEBHOOK_DECLINED -> "Declined by your decision endpoint";
            case WEBHOOK_TIMEOUT -> "Your decision endpoint did not answer";
            case AUTH_RULE -> "Declined by an authorization rule";
            case VELOCITY_EXCEEDED -> "Over a velocity rule's limit";
        };
    }
}
