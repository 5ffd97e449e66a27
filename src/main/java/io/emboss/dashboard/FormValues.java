package io.emboss.dashboard;

import java.math.BigInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

/**
 * A form's text as the JSON the API's checks take, so a form field is checked exactly as the same
 * field of an API body: an empty field is an absent one.
 */
final class FormValues {
    private FormValues() {
    }

    /** The text, or null for an empty field. */
    static String text(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** A decimal amount as a JSON string ("12.50"), or absent. */
    static JsonNode amount(String value) {
        return text(value) == null ? null : StringNode.valueOf(value.trim());
    }

    /**
     * A whole number as a JSON number, an empty field as JSON null (what clears an optional number),
     * anything else as a string the check refuses.
     */
    static JsonNode integerOrNull(String value) {
        if (text(value) == null) {
            return NullNode.getInstance();
        }
        String trimmed = value.trim();
        return trimmed.matches("-?\\d{1,30}") ? BigIntegerNode.valueOf(new BigInteger(trimmed))
                : StringNode.valueOf(trimmed);
    }
}
