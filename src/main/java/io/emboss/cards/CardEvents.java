package io.emboss.cards;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.emboss.shared.BusinessEvent;
import io.emboss.shared.Environment;

/** What happened to a card; published in the transaction of the change. Never carries PAN, CVV or PIN. */
public final class CardEvents {
    private CardEvents() {
    }

    /**
     * A change of a card: {@code type} is card.created, card.updated, card.status_changed,
     * card.closed, card.activated, card.assigned, card.shipping_updated or card.pin_changed.
     * {@code previousStatus}, {@code reason} and {@code actor} say what changed and who changed it.
     */
    public record CardChanged(String type, Card card, String previousStatus, String reason, String actor)
            implements BusinessEvent {

        @Override
        public String tenantId() {
            return card.tenantId();
        }

        @Override
        public Environment environment() {
            return Environment.fromWire(card.environment());
        }

        @Override
        public Object snapshot() {
            return new CardChangedView(CardView.of(card, null), previousStatus, reason, actor);
        }
    }

    /** The card as the API shows it (without its balance), then what changed and who changed it. */
    record CardChangedView(@JsonUnwrapped CardView card,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String previousStatus, String changeReason,
                           String actor) {
    }

    /**
     * A card was issued with an initial balance, moved in the transaction of the issue: the
     * transaction record lists it as a completed top-up, as it lists top-ups.
     */
    public record InitialBalanceLoaded(Card card, long amountMinor) {
    }
}
