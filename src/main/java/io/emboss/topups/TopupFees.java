package io.emboss.topups;

import io.emboss.shared.Money;
import java.math.BigDecimal;

/**
 * The product's top-up fee: {@code fixed + amount × percent / 100}, the percentage part rounded
 * half-up to the currency's minor unit. With fixed 0.30 and 1.5 %:
 * <pre>
 *   amount   1.5 %      rounded  fee
 *   10.00    0.15       0.15     0.45
 *   10.33    0.15495    0.15     0.45
 *   10.34    0.1551     0.16     0.46
 *   11.00    0.165      0.17     0.47   (an exact half rounds up)
 *    0.33    0.00495    0.00     0.30
 * </pre>
 * and at 0.333 %: 15.00 → 0.04995 → 0.05; 13.50 → 0.044955 → 0.04.
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
