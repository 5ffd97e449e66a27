package io.emboss.events;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A webhook endpoint as the API shows it (never its secret, except once in {@link Created}). */
public record WebhookEndpoint(String id, String url, @Schema(nullable = true) String description, List<String> events,
                              String format, boolean enabled, @Schema(nullable = true) String disabledReason,
                              @Schema(nullable = true) Instant previousSecretExpiresAt, Instant createdAt,
                              Instant updatedAt) {

    /** A new endpoint, or a rotation, with the signing secret shown this once. */
    public record WithSecret(WebhookEndpoint endpoint, String secret) {
    }
}
