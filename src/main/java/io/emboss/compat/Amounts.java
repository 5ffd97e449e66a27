package io.emboss.compat;

import io.emboss.shared.Currency;
import java.math.BigDecimal;

/** Amounts as the seed dialects write them: JSON numbers in major units ({@code 100}, {@code -15.5}). */
public final class Amounts {
    private Amounts() {
    }

    /** Exact (never through a double); no trailing zeros, never an exponent. */
    public static BigDecimal number(long amountMinor, Currency currency) {
        return plain(BigDecimal.valueOf(amountMinor, currency.exponent()));
    }

    /** The same value without trailing zeros and never written with an exponent ({@code 100}, not {@code 1E+2}). */
    public static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
