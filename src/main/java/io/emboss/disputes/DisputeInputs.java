package io.emboss.disputes;

import io.emboss.web.Fields;
import tools.jackson.databind.JsonNode;

/** The request bodies of the dispute endpoints, and the checks of their free-text fields. */
final class DisputeInputs {
    /** Long enough for a cardholder's account of events; multi-line text is kept as sent. */
    static final int MAX_EXPLANATION = 10_000;
    static final int MAX_EVIDENCE = 20_000;

    private DisputeInputs() {
    }

    record CreateDisputeInput(String transactionId, String reason, JsonNode amount, String explanation,
                              String evidence) {
    }

    record UpdateDisputeInput(String reason, JsonNode amount, String explanation, String evidence) {
    }

    record ResolveDisputeInput(String outcome) {
    }

    /**
     * A multi-line text (tab and line breaks allowed; the request check already refused other control
     * characters): trimmed, 1 to {@code max} characters; null when absent.
     */
    static String multiline(Fields f, String field, String value, int max, boolean required) {
        if (value == null) {
            if (required) {
                f.problem(field, "is required");
            }
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.isEmpty() || trimmed.length() > max) {
            f.problem(field, "must be 1 to " + max + " characters");
            return null;
        }
        return trimmed;
    }
}
