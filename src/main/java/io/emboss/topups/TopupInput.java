package io.emboss.topups;

import io.emboss.cards.Card;
import io.emboss.shared.Currency;
import io.emboss.web.Fields;
import tools.jackson.databind.JsonNode;

/**
 * The one reading of a top-up request, for {@code POST /v1/cards/{id}/topups} and for the
 * dashboard's card page alike: the currency defaults to the card's, the source to the customer's
 * wallet, and the amount must be a positive decimal in that currency.
 */
public final class TopupInput {
    private TopupInput() {
    }

    /** The request for {@link TopupService#topup}; meaningful only when {@code f.ok()} afterwards. */
    public static TopupService.TopupRequest read(Fields f, Card card, JsonNode amount, String currency,
            String source) {
        Currency c = currency == null ? card.currency() : f.currency("currency", currency);
        Topup.Source s = source == null ? Topup.Source.WALLET : f.oneOf("source", source, Topup.Source.class, true);
        Long amountMinor = f.positiveAmount("amount", amount, c);
        if (amountMinor == null) {
            return null;
        }
        return new TopupService.TopupRequest(card.id(), amountMinor, c == card.currency() ? null : c, s);
    }
}
