package io.emboss.authorization.rules;

import com.fasterxml.jackson.annotation.JsonValue;
import io.emboss.shared.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One test of an authorization's attribute. A list operation compares texts (a merchant's name
 * ignoring case); {@code greater_than}/{@code less_than} compare numbers (an amount as a decimal of
 * the card's currency); {@code matches} finds a bounded regular expression in a text. A condition on
 * an attribute the authorization does not carry does not hold.
 */
public record Condition(Attribute attribute, Operation operation, List<String> texts, BigDecimal number,
                        Boolean flag, Pattern pattern) {

    public enum Attribute {
        MCC(Kind.TEXT),
        MERCHANT_COUNTRY(Kind.TEXT),
        MERCHANT_NAME(Kind.TEXT),
        MERCHANT_ID(Kind.TEXT),
        AMOUNT(Kind.AMOUNT),
        MERCHANT_CURRENCY(Kind.TEXT),
        CHANNEL(Kind.TEXT),
        THREE_DS_VERIFIED(Kind.FLAG),
        PIN_PRESENT(Kind.FLAG),
        HOUR_OF_DAY_UTC(Kind.INTEGER),
        CARD_AGE_DAYS(Kind.INTEGER);

        final Kind kind;

        Attribute(Kind kind) {
            this.kind = kind;
        }

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    enum Kind {
        TEXT,
        AMOUNT,
        INTEGER,
        FLAG
    }

    public enum Operation {
        IS_ONE_OF,
        IS_NOT_ONE_OF,
        GREATER_THAN,
        LESS_THAN,
        MATCHES;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    boolean holds(Facts f) {
        return switch (attribute.kind) {
            case TEXT -> text(textOf(f));
            case AMOUNT -> f.cardCurrency() != null && number(new BigDecimal(Money.format(f.amountMinor(),
                    f.cardCurrency())));
            case INTEGER -> number(BigDecimal.valueOf(attribute == Attribute.HOUR_OF_DAY_UTC ? f.hourOfDayUtc()
                    : f.cardCreatedAt() == null ? -1 : f.cardAgeDays()));
            case FLAG -> flag(attribute == Attribute.THREE_DS_VERIFIED ? f.threeDsVerified() : f.pinPresent());
        };
    }

    private String textOf(Facts f) {
        return switch (attribute) {
            case MCC -> f.mcc();
            case MERCHANT_COUNTRY -> f.merchantCountry();
            case MERCHANT_NAME -> f.merchantName();
            case MERCHANT_ID -> f.merchantId();
            case MERCHANT_CURRENCY -> f.merchantCurrency();
            case CHANNEL -> f.channel();
            default -> throw new IllegalStateException(attribute + " is no text");
        };
    }

    private boolean text(String value) {
        if (value == null) {
            return false;
        }
        return switch (operation) {
            case IS_ONE_OF -> texts.stream().anyMatch(value::equalsIgnoreCase);
            case IS_NOT_ONE_OF -> texts.stream().noneMatch(value::equalsIgnoreCase);
            case MATCHES -> BoundedRegex.find(pattern, value);
            default -> throw new IllegalStateException(operation + " compares no texts");
        };
    }

    private boolean number(BigDecimal value) {
        if (value.signum() < 0) {
            return false;
        }
        return switch (operation) {
            case GREATER_THAN -> value.compareTo(number) > 0;
            case LESS_THAN -> value.compareTo(number) < 0;
            case IS_ONE_OF -> texts.stream().anyMatch(t -> new BigDecimal(t).compareTo(value) == 0);
            case IS_NOT_ONE_OF -> texts.stream().noneMatch(t -> new BigDecimal(t).compareTo(value) == 0);
            default -> throw new IllegalStateException(operation + " compares no numbers");
        };
    }

    private boolean flag(Boolean value) {
        if (value == null) {
            return false;
        }
        return operation == Operation.IS_ONE_OF ? value.equals(flag) : !value.equals(flag);
    }

    /** The value as it was given: a list of texts or of integers, a decimal string, an integer or a boolean. */
    Object value() {
        if (attribute.kind == Kind.FLAG) {
            return flag;
        }
        if (operation == Operation.MATCHES) {
            return pattern.pattern();
        }
        if (number != null) {
            return attribute.kind == Kind.AMOUNT ? number.toPlainString() : number.longValueExact();
        }
        if (attribute.kind == Kind.INTEGER) { // given as integers: written back as integers, which read again
            return texts.stream().map(Long::valueOf).toList();
        }
        return texts;
    }
}
