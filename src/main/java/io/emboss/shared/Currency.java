package io.emboss.shared;

import java.util.Optional;

/** The currencies Emboss keeps money in, with their minor-unit exponent (ISO 4217 style). */
public enum Currency {
    USD(2, "840"),
    EUR(2, "978"),
    COP(2, "170"),
    USDT(6, null);

    private final int exponent;
    private final String numericCode;

    Currency(int exponent, String numericCode) {
        this.exponent = exponent;
        this.numericCode = numericCode;
    }

    public int exponent() {
        return exponent;
    }

    /** ISO 4217 numeric code, empty for currencies ISO does not list (USDT). */
    public Optional<String> numericCode() {
        return Optional.ofNullable(numericCode);
    }

    public static Optional<Currency> parse(String code) {
        if (code == null) {
            return Optional.empty();
        }
        for (Currency c : values()) {
            if (c.name().equalsIgnoreCase(code.trim())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
