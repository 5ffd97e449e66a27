package io.emboss.authorization;

import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import java.time.Instant;

/** Seed 004's movement: a signed amount (negative for a debit of the card), and the business object it is of. */
record MovementView(String id, String amount, Currency currency, String description, String reference, Instant date) {

    static MovementView of(Movement m) {
        return new MovementView(m.id(), Money.format(m.amountMinor(), m.currency()), m.currency(), m.description(),
                m.reference(), m.date());
    }
}
