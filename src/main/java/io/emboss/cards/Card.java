package io.emboss.cards;

import com.fasterxml.jackson.annotation.JsonValue;
import io.emboss.shared.Currency;
import java.time.Instant;
import java.util.List;

/**
 * A card. It holds no PAN, CVV or PIN in clear: the PAN is sealed in storage and only
 * {@link CardService#details} opens it.
 */
public record Card(String id, String tenantId, String environment, String productId, String customerId, String name,
                   CardProduct.Network network, CardProduct.FormFactor formFactor, Currency currency, Status status,
                   String statusReason, String bin, String last4, int expiryMonth, int expiryYear, boolean pinSet,
                   int pinTries, CardProduct.Limits limits, Controls controls, Shipping shipping, Long refundAmountMinor,
                   Instant createdAt, Instant updatedAt, Instant closedAt) {

    /** This card with {@code refundMinor} returned on closing, changed at {@code now}. */
    Card withRefund(long refundMinor, Instant now) {
        return new Card(id, tenantId, environment, productId, customerId, name, network, formFactor, currency, status,
                statusReason, bin, last4, expiryMonth, expiryYear, pinSet, pinTries, limits, controls, shipping,
                refundMinor, createdAt, now, closedAt);
    }

    public enum Status {
        INACTIVE,
        ACTIVE,
        FROZEN,
        CLOSED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The status machine: inactive → active ⇄ frozen; any but closed → closed (terminal). */
        public boolean canBecome(Status next) {
            return switch (this) {
                case INACTIVE -> next == ACTIVE || next == CLOSED;
                case ACTIVE -> next == FROZEN || next == CLOSED;
                case FROZEN -> next == ACTIVE || next == CLOSED;
                case CLOSED -> false;
            };
        }
    }

    /** Merchant categories (4-digit MCCs) and countries (ISO alpha-2) allowed or blocked; empty = no rule. */
    public record Controls(List<String> allowedMccs, List<String> blockedMccs, List<String> allowedCountries,
                           List<String> blockedCountries) {
        public static Controls none() {
            return new Controls(List.of(), List.of(), List.of(), List.of());
        }
    }

    /** Where a physical card goes, and how far it got: pending → shipped → delivered, or returned. */
    public record Shipping(String name, String line1, String line2, String city, String state, String postalCode,
                           String country, String status) {
    }

    public String maskedNumber() {
        return bin.substring(0, 6) + "******" + last4;
    }
}
