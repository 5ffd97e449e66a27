package io.emboss.cards;

import java.util.Optional;

/** Which PINs Emboss accepts: 4 to 6 digits, and none a thief would try first. */
public final class PinPolicy {
    private PinPolicy() {
    }

    /** Empty when acceptable; otherwise why not. Never echoes the PIN. */
    public static Optional<String> problem(String pin) {
        if (pin == null || pin.length() < 4 || pin.length() > 6 || !pin.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of("must be 4 to 6 digits");
        }
        boolean same = pin.chars().distinct().count() == 1;
        boolean ascending = true;
        boolean descending = true;
        for (int i = 1; i < pin.length(); i++) {
            int step = pin.charAt(i) - pin.charAt(i - 1);
            ascending &= step == 1;
            descending &= step == -1;
        }
        if (same || ascending || descending) {
            return Optional.of("is too easy to guess (repeated or sequential digits)");
        }
        if (pin.length() == 4 && pin.startsWith("19") || pin.equals("2000") || pin.equals("1122")
                || pin.equals("1212") || pin.equals("6969")) {
            return Optional.of("is too easy to guess");
        }
        return Optional.empty();
    }
}
