package io.emboss.events;

import java.time.Instant;

/** An event as stored: {@code payload} is its JSON exactly as the API and webhooks show it. */
public record StoredEvent(String id, String tenantId, String environment, String type, Instant createdAt,
                          String payload) {
}
