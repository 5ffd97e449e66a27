package io.emboss.authorization.rules;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * A tenant's authorization rule: its versions that decide ({@code active}) and that wait beside it
 * ({@code draft}, evaluated in shadow until promoted). A rule never changes a version: a change is a
 * new draft, so what decided an authorization can always be named by rule id and version.
 */
public record AuthRule(String id, String tenantId, String environment, Type type, State state, RuleVersion active,
                       RuleVersion draft, Instant createdAt, Instant updatedAt) {

    public AuthRule {
        if (active == null && draft == null) {
            throw new IllegalStateException("a rule has at least one version");
        }
        if (state == State.ACTIVE && active == null) {
            throw new IllegalStateException("an active rule has an active version");
        }
    }

    /** The version the API shows first: the active one, or the draft of a rule never promoted. */
    public RuleVersion current() {
        return active != null ? active : draft;
    }

    public enum Type {
        CONDITIONAL_BLOCK,
        VELOCITY_LIMIT,
        MERCHANT_LOCK,
        CONDITIONAL_3DS;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code active} declines (or challenges); {@code shadow} is evaluated and recorded, never declines. */
    public enum Mode {
        ACTIVE,
        SHADOW;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** draft: never promoted; active: its active version decides; inactive: deleted, its history kept. */
    public enum State {
        DRAFT,
        ACTIVE,
        INACTIVE;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One version of a rule: what it checks, on which cards, and whether it declines. */
    public record RuleVersion(int version, String name, RuleParameters parameters, RuleScope scope, Mode mode,
                              Instant createdAt) {
        public RuleVersion {
            if (version < 1) {
                throw new IllegalStateException("versions count from 1");
            }
        }
    }
}
