package io.emboss.authorization.rules;

import io.emboss.shared.Currency;
import java.time.Duration;
import java.time.Instant;

/**
 * What a rule sees of an authorization. {@code amountMinor} is in the card's currency (after any
 * conversion). A fact an authorization does not carry is null (no merchant, or a backtest of a past
 * authorization whose PIN and 3-D Secure flags were not recorded); a condition on it does not hold.
 */
public record Facts(String cardId, String customerId, String productId, String mcc, String merchantCountry,
                    String merchantName, String merchantId, long amountMinor, Currency cardCurrency,
                    String merchantCurrency, String channel, Boolean threeDsVerified, Boolean pinPresent, Instant at,
                    Instant cardCreatedAt) {

    /** Whole days since the card was issued. */
    long cardAgeDays() {
        return Math.max(0, Duration.between(cardCreatedAt, at).toDays());
    }

    int hourOfDayUtc() {
        return at.atZone(java.time.ZoneOffset.UTC).getHour();
    }

    boolean online() {
        return "online".equals(channel);
    }
}
