package io.emboss.events;

import java.util.Optional;

/**
 * Renders an event for an endpoint's dialect. The native renderer sends the event as stored; a
 * compatibility profile may register its own (e.g. seed 003's CARD_RECHARGE_RESULT shape) and an
 * endpoint chooses it with {@code format}. An empty result means the dialect has no such event,
 * and the delivery is skipped.
 */
public interface WebhookRenderer {

    /** The {@code format} value that selects this renderer. */
    String format();

    Optional<String> render(StoredEvent event);
}
