package io.emboss.compat;

import io.emboss.shared.Currency;
import java.math.BigDecimal;

/** Amounts as the seed dialects write them: JSON numbers in major units ({@code 100}, {@code -15.5}). */
public final class Amounts {
    private Amounts() {
    }

    /** Exact (never through a double); no trailing zeros, never an exponent. */
    public static BigDecimal number(long amountMinor, Currency currency) {
        BigDecimal value = BigDecimal.valueOf(amountMinor, currency.exponent()).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }
}
