package io.emboss.dashboard;

import io.emboss.cards.Card;

/** A card offered in a form's suggestions: its id, and what a person recognises it by. */
public record CardOption(String id, String label) {

    static CardOption of(Card card) {
        return new CardOption(card.id(), card.maskedNumber() + " · " + card.currency().name()
                + (card.name() == null ? "" : " · " + card.name()));
    }
}
