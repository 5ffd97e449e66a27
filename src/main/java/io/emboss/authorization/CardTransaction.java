package io.emboss.authorization;

import io.emboss.shared.Currency;
import java.time.Instant;

/** A card transaction: an authorization and its lifecycle, a refund, a force-post, a top-up, a withdrawal. */
public record CardTransaction(String id, String authorizationId, String tenantId, String environment, String cardId,
                              String customerId, String type, String status, boolean approved, String declineReason,
                              String authCode, Currency currency, long amountMinor, String merchantCurrency,
                              long merchantAmountMinor, long fxFeeMinor, long heldMinor, long capturedMinor,
                              long reversedMinor, long refundedMinor, String holdId, String originalId,
                              AuthorizationRequest.Merchant merchant, String channel, String networkReference,
                              String description, Instant createdAt, Instant updatedAt, String declinedByRuleId) {

    /** A transaction no rule declined. */
    public CardTransaction(String id, String authorizationId, String tenantId, String environment, String cardId,
                           String customerId, String type, String status, boolean approved, String declineReason,
                           String authCode, Currency currency, long amountMinor, String merchantCurrency,
                           long merchantAmountMinor, long fxFeeMinor, long heldMinor, long capturedMinor,
                           long reversedMinor, long refundedMinor, String holdId, String originalId,
                           AuthorizationRequest.Merchant merchant, String channel, String networkReference,
                           String description, Instant createdAt, Instant updatedAt) {
        this(id, authorizationId, tenantId, environment, cardId, customerId, type, status, approved, declineReason,
                authCode, currency, amountMinor, merchantCurrency, merchantAmountMinor, fxFeeMinor, heldMinor,
                capturedMinor, reversedMinor, refundedMinor, holdId, originalId, merchant, channel, networkReference,
                description, createdAt, updatedAt, null);
    }

    public static final String PENDING = "pending";
    public static final String COMPLETED = "completed";
    public static final String DECLINED = "declined";
    public static final String REVERSED = "reversed";
    public static final String EXPIRED = "expired";

    /** One capture of an authorization: how much, and when (at the database's microsecond precision). */
    public record Capture(long amountMinor, java.time.Instant createdAt) {
    }
}
