package io.emboss.events;

import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.shared.Rejection;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The webhook side's backlogs across the whole platform, for the operator's system page: the same
 * bounded counts the {@code emboss_outbox_backlog} and {@code emboss_webhooks_backlog} gauges read.
 */
@Service
public class WebhookBacklogs {
    /**
     * Events committed and not yet fanned out, and deliveries pending (due or waiting for a retry);
     * each counted up to {@code bound} (a backlog past it reads as the bound).
     */
    public record Counts(long outboxEvents, long pendingDeliveries, int bound) {
    }

    private static final Rejection OPERATOR_ONLY = Rejection.of(Rejection.Kind.FORBIDDEN, "forbidden",
            "Only the platform operator sees the platform's backlogs");

    private final EventRepository events;
    private final DeliveryRepository deliveries;

    WebhookBacklogs(EventRepository events, DeliveryRepository deliveries) {
        this.events = events;
        this.deliveries = deliveries;
    }

    @Transactional(readOnly = true)
    public Outcome<Counts> counts(Caller caller) {
        if (!caller.isPlatformAdmin()) {
            return Outcome.rejected(OPERATOR_ONLY);
        }
        return Outcome.ok(new Counts(events.countQueued(WebhookMetrics.BOUND),
                deliveries.countPending(WebhookMetrics.BOUND), WebhookMetrics.BOUND));
    }
}
