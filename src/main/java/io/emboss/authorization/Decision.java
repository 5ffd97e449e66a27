package io.emboss.authorization;

/**
 * The engine's answer: approved with an auth code, or declined with a reason; {@code rule} names
 * the authorization rule that declined it, if one did.
 */
public record Decision(String authorizationId, String transactionId, boolean approved, String status,
                       DeclineReason declineReason, String authCode, String cardId, String tenantId,
                       String environment, long amountMinor, String currency, String otpId, RuleDecline rule) {

    public Decision(String authorizationId, String transactionId, boolean approved, String status,
                    DeclineReason declineReason, String authCode, String cardId, String tenantId, String environment,
                    long amountMinor, String currency, String otpId) {
        this(authorizationId, transactionId, approved, status, declineReason, authCode, cardId, tenantId,
                environment, amountMinor, currency, otpId, null);
    }

    /** Which rule declined, and which of its limits: a block (or lock), a count or an amount. */
    public record RuleDecline(String ruleId, int version, Limit limit) {
        public enum Limit {
            BLOCK,
            COUNT,
            AMOUNT
        }
    }
}
