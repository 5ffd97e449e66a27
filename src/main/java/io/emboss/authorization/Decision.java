package io.emboss.authorization;

/** The engine's answer: approved with an auth code, or declined with a reason. */
public record Decision(String authorizationId, String transactionId, boolean approved, String status,
                       DeclineReason declineReason, String authCode, String cardId, String tenantId,
                       String environment, long amountMinor, String currency, String otpId) {
}
