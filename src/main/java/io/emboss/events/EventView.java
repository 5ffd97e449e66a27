package io.emboss.events;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An event as the API and webhooks show it: {@code data.object} is the resource it is about, as its
 * own endpoint shows it when the event happened (a card, a transaction, a top-up, ...; see
 * {@code type}).
 */
record EventView(String id, String type, Instant createdAt, boolean livemode, EventDataView data) {

    /** The event stored as {@code payload}, the JSON {@link EventService} wrote. */
    static EventView of(JsonNode payload) {
        return new EventView(payload.get("id").asString(), payload.get("type").asString(),
                Instant.parse(payload.get("createdAt").asString()), payload.get("livemode").asBoolean(),
                new EventDataView(payload.get("data").get("object")));
    }

    /** What the event is about. */
    record EventDataView(
            @Schema(types = "object", description = "The resource the event is about, shaped as its own endpoint "
                    + "shows it: which one the event's type says") Object object) {
    }

    /** The deliveries a redelivery scheduled: one per endpoint. */
    record EventRedeliveryView(String eventId, List<EventService.Redelivery> deliveries) {
    }
}
