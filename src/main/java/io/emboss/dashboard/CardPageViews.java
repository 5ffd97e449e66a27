package io.emboss.dashboard;

import io.emboss.authorization.CardTransaction;
import io.emboss.authorization.DeclineReason;
import io.emboss.authorization.Movement;
import io.emboss.cards.Card;
import io.emboss.cards.CardService;
import io.emboss.ledger.Balance;
import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import java.time.Instant;
import java.util.List;

/**
 * What the card pages show; public records, since the templates read them. A card is shown by its
 * last four digits only: the full number and CVV are never part of a page.
 */
public final class CardPageViews {
    private CardPageViews() {
    }

    /** A card in a list: masked number, status, available balance, holder. */
    public record CardRow(String id, String masked, String name, String status, String available, String currency,
                          String customerId, Instant createdAt) {
        static CardRow of(Card c, Balance balance) {
            return new CardRow(c.id(), CardPageViews.masked(c), c.name(), c.status().wire(),
                    Money.format(balance.available(), c.currency()), c.currency().name(), c.customerId(),
                    c.createdAt());
        }
    }

    /** The card's own page heading and facts, and which status actions its status allows. */
    public record CardFacts(String id, String masked, String name, String status, String statusReason,
                            String network, String formFactor, String currency, String expiry, String customerId,
                            String productId, String refundAmount, Instant createdAt, Instant closedAt) {
        static CardFacts of(Card c) {
            return new CardFacts(c.id(), CardPageViews.masked(c), c.name(), c.status().wire(), c.statusReason(),
                    c.network().name(), c.formFactor().name().toLowerCase(java.util.Locale.ROOT),
                    c.currency().name(), String.format("%02d/%d", c.expiryMonth(), c.expiryYear()), c.customerId(),
                    c.productId(), c.refundAmountMinor() == null ? null : Money.format(c.refundAmountMinor(),
                            c.currency()), c.createdAt(), c.closedAt());
        }

        public boolean open() {
            return !status.equals(Card.Status.CLOSED.wire());
        }

        public boolean canFreeze() {
            return status.equals(Card.Status.ACTIVE.wire());
        }

        public boolean canUnfreeze() {
            return status.equals(Card.Status.FROZEN.wire());
        }
    }

    /** The card's balance as {@code GET /v1/cards/{id}/balance} shows it. */
    public record Balances(String available, String pending, String posted, String refundable) {
        static Balances of(CardService.CardBalance b, Currency currency) {
            return new Balances(Money.format(b.balance().available(), currency),
                    Money.format(b.balance().held(), currency), Money.format(b.balance().posted(), currency),
                    Money.format(b.refundableMinor(), currency));
        }
    }

    /** The limits and controls form, filled with the card's values (control lists comma-separated). */
    public record LimitsForm(String perTransaction, String daily, String monthly, String allowedMccs,
                             String blockedMccs, String allowedCountries, String blockedCountries) {
        static LimitsForm of(Card c) {
            Currency cur = c.currency();
            return new LimitsForm(Money.format(c.limits().perTransactionMinor(), cur),
                    Money.format(c.limits().dailyMinor(), cur), Money.format(c.limits().monthlyMinor(), cur),
                    list(c.controls().allowedMccs()), list(c.controls().blockedMccs()),
                    list(c.controls().allowedCountries()), list(c.controls().blockedCountries()));
        }

        private static String list(List<String> codes) {
            return String.join(", ", codes);
        }
    }

    /** A transaction of the card; a decline's reason in words. */
    public record TransactionRow(String id, String type, String status, String amount, String currency,
                                 String merchant, String declineReason, String declineWords, Instant createdAt) {
        static TransactionRow of(CardTransaction t) {
            return new TransactionRow(t.id(), t.type(), t.status(), Money.format(t.amountMinor(), t.currency()),
                    t.currency().name(), t.merchant() == null ? null : t.merchant().name(), t.declineReason(),
                    t.declineReason() == null ? null : DeclineWords.of(DeclineReason.fromWire(t.declineReason())),
                    t.createdAt());
        }
    }

    /** Money that moved on or off the card: negative for a debit. */
    public record MovementRow(String id, String amount, String currency, String description, String reference,
                              Instant date) {
        static MovementRow of(Movement m) {
            return new MovementRow(m.id(), Money.format(m.amountMinor(), m.currency()), m.currency().name(),
                    m.description(), m.reference(), m.date());
        }
    }

    /** Last four digits only: the page never holds more of the number. */
    static String masked(Card c) {
        return "•••• " + c.last4();
    }
}
