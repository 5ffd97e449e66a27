package io.emboss.authorization;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emboss.shared.Currency;
import io.emboss.shared.Money;

/**
 * The engine's answer to an authorization: approved with an auth code, declined with a reason, or
 * waiting for a 3-D Secure code ({@code otpId}). {@code status} is the transaction's status.
 */
record AuthorizationDecisionView(String id, @Schema(nullable = true) String transactionId, boolean approved,
                                 String status, @Schema(nullable = true) DeclineReason declineReason,
                                 @Schema(nullable = true) String authCode, @Schema(nullable = true) String cardId,
                                 String amount, String currency, @Schema(nullable = true) String otpId) {

    /** The decision; its amount in {@code fallback} when its own currency is not one the API knows. */
    static AuthorizationDecisionView of(Decision d, Currency fallback) {
        return new AuthorizationDecisionView(d.authorizationId(), d.transactionId(), d.approved(), d.status(),
                d.declineReason(), d.authCode(), d.cardId(),
                Money.format(d.amountMinor(), Currency.parse(d.currency()).orElse(fallback)), d.currency(), d.otpId());
    }

    /**
     * The result of entering a 3-D Secure code: whether it was right, the tries left, and the
     * authorization's decision once there is one (the code was right, or the last try was wrong).
     */
    record OtpVerificationView(boolean verified, int attemptsLeft,
                               @Schema(nullable = true) AuthorizationDecisionView authorization) {
        static OtpVerificationView of(OtpService.Verification v) {
            return new OtpVerificationView(v.verified(), v.attemptsLeft(), v.decision() == null ? null
                    : AuthorizationDecisionView.of(v.decision(),
                            Currency.parse(v.decision().currency()).orElse(Currency.USD)));
        }
    }
}
