package io.emboss.authorization.rules;

/** A velocity rule version that judges an authorization inside its lock: which row counts, and how. */
public record VelocityCheck(String ruleId, int version, RuleHit.Role role, AuthRule.Mode mode,
                            RuleParameters.Velocity parameters, String rowKey) {

    /** Rule and version: one window per version, so a draft's count is ready when it is promoted. */
    String stateKey() {
        return ruleId + ":" + version;
    }

    boolean declines() {
        return role == RuleHit.Role.ACTIVE && mode == AuthRule.Mode.ACTIVE;
    }
}
