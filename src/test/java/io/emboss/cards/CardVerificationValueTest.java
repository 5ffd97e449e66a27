package io.emboss.cards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Published vectors of the Visa CVV algorithm (the same computation HSMs perform). */
class CardVerificationValueTest {

    private static byte[] key(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void matches_the_reference_vector_with_the_classic_test_key() {
        // psec's documented example: CVK 0123456789ABCDEF FEDCBA9876543210
        assertThat(CardVerificationValue.compute(key("0123456789ABCDEFFEDCBA9876543210"), "1234567890123456", "9912",
                "220", 3)).isEqualTo("170");
    }

    @Test
    void matches_the_reference_vector_with_repeated_key_halves() {
        assertThat(CardVerificationValue.compute(key("99999999999999998888888888888888"), "2222222222222222", "3333",
                "111", 3)).isEqualTo("361");
    }

    @Test
    void matches_a_worked_example_with_its_four_digit_value() {
        // worked example with intermediate values: decimalisation candidates 2410557405140115
        byte[] cvk = key("D676DCF3AFB73505" + "32EAF00EA253D875");
        assertThat(CardVerificationValue.compute(cvk, "4123450990122129", "0721", "202", 4)).isEqualTo("2410");
        assertThat(CardVerificationValue.compute(cvk, "4123450990122129", "0721", "202", 3)).isEqualTo("241");
    }

    @Test
    void cvv2_uses_service_code_000_and_differs_from_cvv1() {
        byte[] cvk = key("0123456789ABCDEFFEDCBA9876543210");
        String cvv2 = CardVerificationValue.cvv2(cvk, "4111111111111111", "2912");
        assertThat(cvv2).matches("\\d{3}").isEqualTo(CardVerificationValue.compute(cvk, "4111111111111111", "2912",
                "000", 3));
        assertThat(CardVerificationValue.cvv2(cvk, "4111111111111111", "2912"))
                .isNotEqualTo(CardVerificationValue.cvv2(cvk, "4111111111111111", "2911"));
    }

    @Test
    void refuses_a_single_length_key() {
        assertThatThrownBy(() -> CardVerificationValue.cvv2(key("0123456789ABCDEF"), "4111111111111111", "2912"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
