package io.emboss.authorization.rules;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A rule version that declined an authorization, or would have: in shadow mode, or as a draft
 * evaluated beside the active version. {@code reason} says which of its limits it was.
 */
public record RuleHit(String ruleId, int version, Role role, Outcome outcome, Reason reason) {

    public RuleHit {
        if (outcome == Outcome.DECLINED && role != Role.ACTIVE) {
            throw new IllegalStateException("only an active version declines");
        }
    }

    /** Whether the version decided (active) or was evaluated beside the one that did (draft). */
    public enum Role {
        ACTIVE,
        DRAFT;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Outcome {
        DECLINED,
        WOULD_DECLINE;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** auth_rule: a block or a merchant lock; count_limit and amount_limit: a velocity rule's limits. */
    public enum Reason {
        AUTH_RULE,
        COUNT_LIMIT,
        AMOUNT_LIMIT;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean declined() {
        return outcome == Outcome.DECLINED;
    }
}
