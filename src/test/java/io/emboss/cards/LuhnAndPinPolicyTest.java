package io.emboss.cards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LuhnAndPinPolicyTest {

    @Test
    void luhn_check_digits_of_known_numbers() {
        assertThat(Luhn.checkDigit("411111111111111")).isEqualTo(1);
        assertThat(Luhn.checkDigit("555555555555444")).isEqualTo(4);
        assertThat(Luhn.checkDigit("7992739871")).isEqualTo(3);
        assertThat(Luhn.valid("4242424242424242")).isTrue();
        assertThat(Luhn.valid("4242424242424241")).isFalse();
        assertThat(Luhn.valid("42424242424242a2")).isFalse();
        assertThat(Luhn.valid("")).isFalse();
    }

    @Test
    void weak_or_malformed_pins_are_refused() {
        for (String pin : new String[] {"0000", "1111", "1234", "4321", "123456", "654321", "999999", "1212", "1990",
                "123", "1234567", "12a4", "", " 2580"}) {
            assertThat(PinPolicy.problem(pin)).as(pin).isPresent();
        }
        assertThat(PinPolicy.problem(null)).isPresent();
        for (String pin : new String[] {"2580", "8264", "739146", "50721"}) {
            assertThat(PinPolicy.problem(pin)).as(pin).isEmpty();
        }
    }

    @Test
    void pin_hashes_verify_only_the_right_pin_on_the_right_card() {
        PinHasher hasher = new PinHasher(new byte[16]);
        String stored = hasher.hash("card_1", "2580");
        assertThat(stored).doesNotContain("2580").startsWith("pbkdf2$");
        assertThat(hasher.matches("card_1", "2580", stored)).isTrue();
        assertThat(hasher.matches("card_1", "2581", stored)).isFalse();
        assertThat(hasher.matches("card_2", "2580", stored)).isFalse();
        assertThat(new PinHasher(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
                .matches("card_1", "2580", stored)).isFalse();
        assertThat(hasher.hash("card_1", "2580")).isNotEqualTo(stored);
    }
}
