package io.emboss.events;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * One attempt to deliver an event to a webhook endpoint: {@code status} is its outcome,
 * {@code responseCode} and {@code responseBody} what the endpoint answered (null when it did not),
 * {@code error} why it failed when it did.
 */
public record DeliveryAttemptView(String id, String deliveryId, String eventId, String eventType, int attempt, String status,
                           @Schema(nullable = true) Integer responseCode, long durationMs,
                           @Schema(nullable = true) String responseBody, @Schema(nullable = true) String error,
                           Instant createdAt) {

    static DeliveryAttemptView of(DeliveryRepository.Attempt a) {
        return new DeliveryAttemptView(a.id(), a.deliveryId(), a.eventId(), a.eventType(), a.attempt(), a.outcome(),
                a.responseCode(), a.durationMs(), a.responseBody(), a.error(), a.createdAt());
    }
}
