package io.emboss.authorization;

import java.time.Instant;

/** A 3-D Secure challenge: a 6-digit code the cardholder must enter within five minutes. */
public record Otp(String id, String tenantId, String environment, String cardId, String authorizationId, String code,
                  String status, int attempts, long amountMinor, String currency, AuthorizationRequest.Merchant merchant,
                  String networkReference, Instant expiresAt, Instant createdAt) {
    public static final String PENDING = "pending";
    public static final String VERIFIED = "verified";
    public static final String FAILED = "failed";
    public static final int MAX_ATTEMPTS = 3;

    @Override
    public String toString() {
        return "Otp[" + id + ", card=" + cardId + ", status=" + status + "]";
    }
}
