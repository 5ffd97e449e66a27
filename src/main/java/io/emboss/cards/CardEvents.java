package io.emboss.cards;

import io.emboss.shared.BusinessEvent;
import io.emboss.shared.Environment;
import java.util.LinkedHashMap;
import java.util.Map;

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
            Map<String, Object> view = new LinkedHashMap<>(CardViews.of(card, null));
            if (previousStatus != null) {
                view.put("previousStatus", previousStatus);
            }
            view.put("changeReason", reason);
            view.put("actor", actor);
            return view;
        }
    }

    /**
     * A card was issued with an initial balance, moved in the transaction of the issue: the
     * transaction record lists it as a completed top-up, as it lists top-ups.
     */
    public record InitialBalanceLoaded(Card card, long amountMinor) {
    }
}
