package io.emboss.events;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** The answers about webhook endpoints beyond the endpoint itself ({@link WebhookEndpoint}). */
final class WebhookEndpointViews {
    private WebhookEndpointViews() {
    }

    /** A new endpoint, or one whose secret was rotated, with the signing secret shown this once. */
    record WebhookEndpointWithSecretView(String id, String url, @Schema(nullable = true) String description,
                                         List<String> events, String format, boolean enabled,
                                         @Schema(nullable = true) String disabledReason,
                                         @Schema(nullable = true) Instant previousSecretExpiresAt, Instant createdAt,
                                         Instant updatedAt, String secret) {

        static WebhookEndpointWithSecretView of(WebhookEndpoint.WithSecret w) {
            WebhookEndpoint e = w.endpoint();
            return new WebhookEndpointWithSecretView(e.id(), e.url(), e.description(), e.events(), e.format(),
                    e.enabled(), e.disabledReason(), e.previousSecretExpiresAt(), e.createdAt(), e.updatedAt(),
                    w.secret());
        }
    }

    /** A deleted endpoint. */
    record DeletedWebhookEndpointView(String id, boolean deleted) {
    }
}
