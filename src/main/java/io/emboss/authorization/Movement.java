package io.emboss.authorization;

import io.emboss.shared.Currency;
import java.time.Instant;

/**
 * Money that moved on or off a card (seed 004's movements): {@code amountMinor} is signed, negative
 * for a debit of the card, in the card's currency; {@code reference} is the business object (top-up,
 * authorization, ...) the transfer belongs to.
 */
public record Movement(String id, long amountMinor, Currency currency, String description, String reference,
                       Instant date) {
}
