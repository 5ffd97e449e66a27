package io.emboss.topups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The fee formula on its own: fixed + amount × percent / 100, the percentage rounded half-up to the minor unit. */
class TopupFeesTest {

    @ParameterizedTest(name = "{0} minor at {1} + {2} % -> {3}")
    @CsvSource({
        // amount, fixed, percent, fee (all minor units)
        "1033, 30, 1.5, 45",      // 15.495 -> 15
        "1000, 30, 1.5, 45",      // 15 exactly
        "1034, 30, 1.5, 46",      // 15.51 -> 16
        "1100, 30, 1.5, 47",      // 16.5 -> 17: a half rounds up
        "1030, 30, 1.5, 45",      // 15.45 -> 15
        "33, 0, 1.5, 0",          // 1.5 % of 0.33 is 0.00495 -> 0.00
        "34, 0, 1.5, 1",          // 1.5 % of 0.34 is 0.0051 -> 0.01
        "30, 0, 1.5, 0",          // 1.5 % of 0.30 is 0.0045 -> 0.00
        "1000, 0, 0.333, 3",      // 3.33 -> 3
        "1500, 0, 0.333, 5",      // 4.995 -> 5
        "1350, 0, 0.333, 4",      // 4.4955 -> 4
        "1352, 0, 0.333, 5",      // 4.50216 -> 5
        "15015, 0, 0.333, 50",    // 49.99995 -> 50
        "1000, 50, 1, 60",        // the default product: 0.50 + 1 % of 10.00
        "1099, 50, 1, 61",        // 10.99 -> 0.1099 -> 0.11
        "1000, 0, 0, 0",          // no fee at all
        "1000, 25, 0, 25",        // fixed only
        "1000, 0, 100, 1000",     // the whole amount
        "0, 30, 1.5, 30"          // nothing to take a percentage of
    })
    void fee_is_fixed_plus_percentage_rounded_half_up(long amount, long fixed, String percent, long expected) {
        assertThat(TopupFees.fee(amount, fixed, percent)).isEqualTo(expected);
    }

    @Test
    void negative_inputs_are_refused() {
        assertThatThrownBy(() -> TopupFees.fee(-1, 30, "1.5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopupFees.fee(100, -1, "1.5")).isInstanceOf(IllegalArgumentException.class);
    }
}
