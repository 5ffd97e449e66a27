package io.emboss.events;

import java.time.Instant;

/**
 * A delivery whose last attempt failed and that no later delivery of the same event to the same
 * endpoint has made good: {@code status} is failed (given up) or pending (still retrying).
 */
public record FailedDelivery(String deliveryId, String endpointId, String endpointUrl, String eventId,
                             String eventType, String status, int attempts, Integer lastResponseCode,
                             String lastError, Instant updatedAt) {
}
