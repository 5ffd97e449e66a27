package io.emboss.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.IntToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The webhook side's backlogs as gauges (at /actuator/prometheus): {@code emboss_outbox_backlog},
 * events committed and not yet fanned out, and {@code emboss_webhooks_backlog}, deliveries not
 * finished (due or waiting for a retry). Both count the whole database (every node shows the same),
 * up to {@link #BOUND} (a backlog past it reads as the bound), and a value is read at most every
 * {@link #MAX_AGE_MS} ms however often the endpoint is scraped.
 */
@Component
class WebhookMetrics {
    static final int BOUND = 100_000;
    static final long MAX_AGE_MS = 5_000;
    private static final Logger log = LoggerFactory.getLogger(WebhookMetrics.class);
    /** Held here: a gauge keeps only a weak reference to what it reads, and would read NaN once it is collected. */
    private final Cached outbox;
    private final Cached webhooks;

    WebhookMetrics(EventRepository events, DeliveryRepository deliveries, Clock clock,
            ObjectProvider<MeterRegistry> meters) {
        this.outbox = new Cached(clock, events::countQueued);
        this.webhooks = new Cached(clock, deliveries::countPending);
        meters.ifAvailable(registry -> {
            Gauge.builder("emboss.outbox.backlog", outbox, Cached::value)
                    .description("Events committed and not yet fanned out to webhook deliveries (counted up to "
                            + BOUND + ")")
                    .register(registry);
            Gauge.builder("emboss.webhooks.backlog", webhooks, Cached::value)
                    .description("Webhook deliveries pending or waiting for a retry (counted up to " + BOUND + ")")
                    .register(registry);
        });
    }

    /** A bounded count, read again only once it is older than MAX_AGE_MS; NaN while the database cannot say. */
    static final class Cached {
        private final Clock clock;
        private final IntToLongFunction count;
        private double value = Double.NaN;
        private long readAt = Long.MIN_VALUE;

        Cached(Clock clock, IntToLongFunction count) {
            this.clock = clock;
            this.count = count;
        }

        synchronized double value() {
            long now = clock.millis();
            if (readAt != Long.MIN_VALUE && now - readAt < MAX_AGE_MS) {
                return value;
            }
            readAt = now;
            try {
                value = count.applyAsLong(BOUND);
            } catch (RuntimeException e) {
                log.warn("could not count a webhook backlog: {}", e.getMessage());
                value = Double.NaN;
            }
            return value;
        }
    }
}
