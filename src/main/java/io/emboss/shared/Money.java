package io.emboss.shared;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Conversions between the decimal strings of the API ("100.50") and integer minor units. Money is
 * never a floating-point number anywhere in Emboss.
 */
public final class Money {
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,30}(\\.\\d{1,30})?");
    private static final int MAX_TEXT_LENGTH = 64;

    private Money() {
    }

    /**
     * Parses an exact decimal into minor units of the currency. Rejects more decimals than the
     * currency has (after dropping trailing zeros) and values that do not fit a {@code long}.
     */
    public static Outcome<Long> parse(String field, String text, Currency currency) {
        if (text == null || text.isBlank()) {
            return Outcome.invalid(field, "is required");
        }
        String trimmed = text.trim();
        if (trimmed.length() > MAX_TEXT_LENGTH || !DECIMAL.matcher(trimmed).matches()) {
            return Outcome.invalid(field, "must be a decimal number such as \"100.50\"");
        }
        BigDecimal value = new BigDecimal(trimmed).stripTrailingZeros();
        if (value.scale() > currency.exponent()) {
            return Outcome.invalid(field, "has more than " + currency.exponent() + " decimals, which "
                    + currency.name() + " does not allow");
        }
        BigInteger minor = value.movePointRight(currency.exponent()).toBigIntegerExact();
        if (minor.bitLength() > 62) {
            return Outcome.invalid(field, "is too large");
        }
        return Outcome.ok(minor.longValueExact());
    }

    /** Like {@link #parse} but the amount must be strictly positive. */
    public static Outcome<Long> parsePositive(String field, String text, Currency currency) {
        Outcome<Long> parsed = parse(field, text, currency);
        if (parsed instanceof Outcome.Ok<Long> ok && ok.value() <= 0) {
            return Outcome.invalid(field, "must be greater than zero");
        }
        return parsed;
    }

    /** Formats minor units as the API's decimal string, always with the currency's decimals. */
    public static String format(long amountMinor, Currency currency) {
        return BigDecimal.valueOf(amountMinor, currency.exponent()).toPlainString();
    }

    /**
     * Converts minor units of one currency into another at a decimal rate, rounding half-up to the
     * target's minor unit. The rate is a string so it is exact.
     */
    public static long convert(long amountMinor, Currency from, Currency to, BigDecimal rate) {
        BigDecimal major = BigDecimal.valueOf(amountMinor, from.exponent());
        BigDecimal converted = major.multiply(rate).setScale(to.exponent(), RoundingMode.HALF_UP);
        return converted.movePointRight(to.exponent()).longValueExact();
    }

    /** Percentage of an amount in minor units, rounded half-up: {@code percent} is e.g. "1.5". */
    public static long percentOf(long amountMinor, BigDecimal percent) {
        return BigDecimal.valueOf(amountMinor).multiply(percent)
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP).longValueExact();
    }
}
