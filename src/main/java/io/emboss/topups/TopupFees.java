package io.emboss.topups;

import io.emboss.shared.Money;
import java.math.BigDecimal;

/**
 * The product's top-up fee: {@code fixed + amount × percent / 100}, the percentage part rounded
 * half-up to the currency's minor unit (so 1.5 % of 0.33 is 0.005 → 0.01, and of 0.30 is 0.0045 → 0.00).
 */
public final class TopupFees {
    private TopupFees() {
    }

    public static long fee(long amountMinor, long fixedMinor, String percent) {
        if (amountMinor < 0 || fixedMinor < 0) {
            throw new IllegalArgumentException("fees are computed on non-negative amounts");
        }
        return Math.addExact(fixedMinor, Money.percentOf(amountMinor, new BigDecimal(percent)));
    }
}
