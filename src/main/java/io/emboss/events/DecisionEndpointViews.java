package io.emboss.events;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** The tenant's authorization decision endpoint as the API shows it; {@code standIn} is approve or decline. */
final class DecisionEndpointViews {
    private DecisionEndpointViews() {
    }

    /** The configured endpoint (never its secret). */
    record DecisionEndpointView(String url, String standIn, int timeoutMs, Instant createdAt, Instant updatedAt) {
        static DecisionEndpointView of(DecisionWebhooks.Endpoint e) {
            return new DecisionEndpointView(e.url(), e.standIn(), e.timeoutMs(), e.createdAt(), e.updatedAt());
        }
    }

    /** The endpoint just saved; {@code secret} is shown when it is first set or rotated, else null. */
    record SavedDecisionEndpointView(String url, String standIn, int timeoutMs, Instant createdAt, Instant updatedAt,
                                     @Schema(nullable = true) String secret) {
        static SavedDecisionEndpointView of(DecisionWebhooks.Saved saved) {
            DecisionWebhooks.Endpoint e = saved.endpoint();
            return new SavedDecisionEndpointView(e.url(), e.standIn(), e.timeoutMs(), e.createdAt(), e.updatedAt(),
                    saved.secret());
        }
    }

    /** Whether there was an endpoint to delete. */
    record DeletedDecisionEndpointView(boolean deleted) {
    }
}
