package io.emboss.web;

import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import io.emboss.shared.Outcome;
import io.emboss.shared.Rejection;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Collects input problems field by field, so one 400 names every offending field at once.
 * Values that fail come back as null; check {@link #ok()} before using any.
 */
public final class Fields {
    /**
     * The instants a date may name: beyond these, PostgreSQL answers "timestamp out of range" (a
     * 500), and nothing on a card predates 1970.
     */
    public static final Instant EARLIEST_DATE = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST_DATE = Instant.parse("9999-12-31T23:59:59.999999Z");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
    private final Map<String, String> problems = new LinkedHashMap<>();

    public String text(String field, String value, int min, int max) {
        if (value == null || value.isBlank()) {
            if (min > 0) {
                problems.put(field, "is required");
            }
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() < min || trimmed.length() > max) {
            problems.put(field, "must be " + min + " to " + max + " characters");
            return null;
        }
        if (trimmed.chars().anyMatch(c -> Character.isISOControl(c))) {
            problems.put(field, "must not contain control characters");
            return null;
        }
        return trimmed;
    }

    public String optionalText(String field, String value, int max) {
        return value == null ? null : text(field, value, 0, max);
    }

    public String email(String field, String value) {
        String text = text(field, value, 3, 254);
        if (text != null && !EMAIL.matcher(text).matches()) {
            problems.put(field, "must be an email address");
            return null;
        }
        return text == null ? null : text.toLowerCase(java.util.Locale.ROOT);
    }

    public String matches(String field, String value, Pattern pattern, String description, boolean required) {
        if (value == null) {
            if (required) {
                problems.put(field, "is required");
            }
            return null;
        }
        if (!pattern.matcher(value).matches()) {
            problems.put(field, description);
            return null;
        }
        return value;
    }

    public <E extends Enum<E>> E oneOf(String field, String value, Class<E> type, boolean required) {
        if (value == null) {
            if (required) {
                problems.put(field, "is required");
            }
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.isEmpty() ? "" : ", ").append(e.name().toLowerCase(java.util.Locale.ROOT));
        }
        problems.put(field, "must be one of " + allowed);
        return null;
    }

    public Currency currency(String field, String value) {
        if (value == null) {
            problems.put(field, "is required");
            return null;
        }
        Optional<Currency> c = Currency.parse(value);
        if (c.isEmpty()) {
            problems.put(field, "is not a supported currency (USD, EUR, COP, USDT)");
            return null;
        }
        return c.get();
    }

    /** An amount given as a decimal string or a JSON number, exact, strictly positive. */
    public Long positiveAmount(String field, JsonNode value, Currency currency) {
        Long amount = amount(field, value, currency, true);
        if (amount != null && amount == 0) {
            problems.put(field, "must be greater than zero");
            return null;
        }
        return amount;
    }

    /** An amount of zero or more; null (absent) stays null without a problem unless required. */
    public Long amount(String field, JsonNode value, Currency currency, boolean required) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            if (required) {
                problems.put(field, "is required");
            }
            return null;
        }
        if (!(value.isString() || value.isNumber())) {
            problems.put(field, "must be a decimal string such as \"100.50\"");
            return null;
        }
        if (currency == null) {
            return null;
        }
        String text = value.isString() ? value.asString() : plainNumber(value);
        if (text == null) {
            problems.put(field, "is out of range");
            return null;
        }
        Outcome<Long> parsed = Money.parse(field, text, currency);
        if (!parsed.isOk()) {
            problems.putAll(parsed.rejection().fields());
            return null;
        }
        if (parsed.value() < 0) {
            problems.put(field, "must not be negative");
            return null;
        }
        return parsed.value();
    }

    /** A percentage from 0 to 100 with at most 4 decimals, kept as its exact decimal text. */
    public String percent(String field, JsonNode value, boolean required) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            if (required) {
                problems.put(field, "is required");
            }
            return null;
        }
        if (!(value.isString() || value.isNumber())) {
            problems.put(field, "must be a decimal such as \"1.5\"");
            return null;
        }
        String text = value.isString() ? value.asString().trim() : plainNumber(value);
        if (text == null) {
            problems.put(field, "is out of range");
            return null;
        }
        if (!text.matches("\\d{1,3}(\\.\\d{1,4})?")) {
            problems.put(field, "must be a percentage from 0 to 100 with at most 4 decimals");
            return null;
        }
        java.math.BigDecimal percent = new java.math.BigDecimal(text);
        if (percent.compareTo(java.math.BigDecimal.valueOf(100)) > 0) {
            problems.put(field, "must be a percentage from 0 to 100 with at most 4 decimals");
            return null;
        }
        return percent.stripTrailingZeros().toPlainString();
    }

    /** An ISO-8601 instant such as 2026-01-31T00:00:00Z, within the years 1970 to 9999; null when absent. */
    public Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return dateInRange(field, Instant.parse(value));
        } catch (DateTimeParseException e) {
            problems.put(field, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
            return null;
        }
    }

    /** A date however it was written, kept only when it lies in the years 1970 to 9999. */
    public Instant dateInRange(String field, Instant value) {
        if (value.isBefore(EARLIEST_DATE) || value.isAfter(LATEST_DATE)) {
            problems.put(field, "must be a date in the years 1970 to 9999");
            return null;
        }
        return value;
    }

    /**
     * A field that must be a JSON string (dialects strict about types: {@code 100} is not
     * {@code "100"}): its text, or null with the problem noted when it is missing or of another type.
     */
    public String string(String field, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            problems.put(field, "is required");
            return null;
        }
        if (!value.isString()) {
            problems.put(field, "must be a string");
            return null;
        }
        return value.asString();
    }

    /** An optional UTC date (2026-12-01) in the years 1970 to 9999; {@code otherwise} when absent. */
    public java.time.LocalDate date(String field, String value, java.time.LocalDate otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            java.time.LocalDate d = java.time.LocalDate.parse(value);
            if (d.getYear() < 1970 || d.getYear() > 9999) {
                problems.put(field, "must be a date in the years 1970 to 9999");
                return null;
            }
            return d;
        } catch (java.time.format.DateTimeParseException e) {
            problems.put(field, "must be a UTC date such as 2026-12-01");
            return null;
        }
    }

    /** An optional JSON boolean (not "true" as a string). */
    public Boolean bool(String field, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            problems.put(field, "must be true or false");
            return null;
        }
        return value.booleanValue();
    }

    public Integer intRange(String field, JsonNode value, int min, int max) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            problems.put(field, "must be an integer from " + min + " to " + max);
            return null;
        }
        return value.intValue();
    }

    /**
     * A JSON number as plain decimal text, or null when it is absurd (1e999999999 would expand to a
     * billion digits): checked on precision and scale before any expansion.
     */
    public static String plainNumber(JsonNode number) {
        java.math.BigDecimal value = number.decimalValue();
        int integerDigits = value.precision() - value.scale();
        if (integerDigits > 40 || value.scale() > 40) {
            return null;
        }
        return value.toPlainString();
    }

    public void problem(String field, String problem) {
        problems.put(field, problem);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    public Rejection rejection() {
        String first = problems.entrySet().iterator().next().getKey() + " "
                + problems.entrySet().iterator().next().getValue();
        String message = problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more)";
        return new Rejection(Rejection.Kind.INVALID, "validation_failed", message, problems);
    }
}
