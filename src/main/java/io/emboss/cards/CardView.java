package io.emboss.cards;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.emboss.ledger.Balance;
import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import java.time.Instant;
import java.util.List;

/**
 * A card as the API and its events show it: masked number only, never PAN, CVV or PIN. {@code balance}
 * is left out where the card's balance is not read (events), {@code shipping} for a card that ships
 * nowhere (virtual).
 */
record CardView(String id, @Schema(nullable = true) String customerId, String productId,
                @Schema(nullable = true) String name, CardProduct.Network network, CardProduct.FormFactor formFactor,
                Currency currency, Card.Status status, @Schema(nullable = true) String statusReason,
                String maskedNumber, String last4, int expiryMonth, int expiryYear,
                @JsonInclude(JsonInclude.Include.NON_NULL) CardBalanceSummaryView balance, SpendingLimitsView limits,
                CardControlsView controls, @JsonInclude(JsonInclude.Include.NON_NULL) CardShippingView shipping,
                boolean pinSet, @Schema(nullable = true) String refundAmount, boolean livemode, Instant createdAt,
                Instant updatedAt, @Schema(nullable = true) Instant closedAt) {

    /** The card, with its balance when {@code balance} is not null. */
    static CardView of(Card c, Balance balance) {
        Currency cur = c.currency();
        return new CardView(c.id(), c.customerId(), c.productId(), c.name(), c.network(), c.formFactor(), cur,
                c.status(), c.statusReason(), c.maskedNumber(), c.last4(), c.expiryMonth(), c.expiryYear(),
                balance == null ? null : CardBalanceSummaryView.of(balance, cur),
                SpendingLimitsView.of(c.limits(), cur), CardControlsView.of(c.controls()), c.shipping() == null ? null : CardShippingView.of(c.shipping()),
                c.pinSet(), c.refundAmountMinor() == null ? null : Money.format(c.refundAmountMinor(), cur),
                "live".equals(c.environment()), c.createdAt(), c.updatedAt(), c.closedAt());
    }

    /** What the card can spend now and what authorizations hold. */
    record CardBalanceSummaryView(String available, String pending, Currency currency) {
        static CardBalanceSummaryView of(Balance b, Currency currency) {
            return new CardBalanceSummaryView(Money.format(b.available(), currency), Money.format(b.held(), currency),
                    currency);
        }
    }

    /** Spending limits of a card or a product, in its currency. */
    record SpendingLimitsView(@Schema(nullable = true) String perTransaction, @Schema(nullable = true) String daily,
                              @Schema(nullable = true) String monthly) {
        static SpendingLimitsView of(CardProduct.Limits l, Currency currency) {
            return new SpendingLimitsView(Money.format(l.perTransactionMinor(), currency),
                    Money.format(l.dailyMinor(), currency), Money.format(l.monthlyMinor(), currency));
        }
    }

    /** Merchant categories (4-digit MCCs) and countries (ISO alpha-2) allowed or blocked; empty = no rule. */
    record CardControlsView(List<String> allowedMccs, List<String> blockedMccs, List<String> allowedCountries,
                            List<String> blockedCountries) {
        static CardControlsView of(Card.Controls c) {
            return new CardControlsView(c.allowedMccs(), c.blockedMccs(), c.allowedCountries(), c.blockedCountries());
        }
    }

    /** Where a physical card goes, and how far it got: pending, shipped, delivered or returned. */
    record CardShippingView(String status, ShippingAddressView address) {
        static CardShippingView of(Card.Shipping s) {
            return new CardShippingView(s.status(), new ShippingAddressView(s.name(), s.line1(), s.line2(), s.city(),
                    s.state(), s.postalCode(), s.country()));
        }
    }

    record ShippingAddressView(String name, String line1, @Schema(nullable = true) String line2, String city,
                               @Schema(nullable = true) String state, String postalCode, String country) {
    }
}
