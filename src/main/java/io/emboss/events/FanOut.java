package io.emboss.events;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides which endpoints get which event, after the event's transaction committed: takes queued
 * events oldest first, in bounded batches, and in one transaction per batch inserts one delivery per
 * endpoint subscribed to the event at that moment and takes the events off the queue.
 *
 * <p>Several nodes fan out at once: each batch locks its queue rows with FOR UPDATE SKIP LOCKED, so
 * a node skips the events another node holds instead of waiting, and an event's deliveries are
 * inserted by exactly one transaction (the one that deletes its queue row; a batch that fails
 * rolls back both, and its events are taken again). Not a ShedLock-guarded single job: a node
 * woken by its own commit would then wait for, or give up to, whichever node holds the lock, and
 * that node's next round, which is the latency this fan-out must not add.
 */
@Component
class FanOut {
    private final EventRepository events;
    private final WebhookEndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final TransactionTemplate tx;
    private final Clock clock;

    FanOut(EventRepository events, WebhookEndpointRepository endpoints, DeliveryRepository deliveries,
            TransactionTemplate tx, Clock clock) {
        this.events = events;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.tx = tx;
        this.clock = clock;
    }

    /** Fans out at most {@code max} queued events in one transaction; returns how many it took. */
    int fanOutBatch(int max) {
        Integer taken = tx.execute(s -> {
            List<EventRepository.Queued> batch = events.claimQueued(max);
            if (batch.isEmpty()) {
                return 0;
            }
            deliveries.scheduleAll(targets(batch), clock.instant());
            events.dequeue(batch);
            return batch.size();
        });
        return taken == null ? 0 : taken;
    }

    /** One delivery per event and endpoint subscribed to it now (enabled, live, same tenant and environment). */
    private List<DeliveryRepository.NewDelivery> targets(List<EventRepository.Queued> batch) {
        Set<String> tenants = new LinkedHashSet<>();
        batch.forEach(e -> tenants.add(e.tenantId()));
        Map<String, List<WebhookEndpointRepository.Row>> byTenantAndEnv = new HashMap<>();
        for (WebhookEndpointRepository.Row w : endpoints.enabledOf(tenants)) {
            byTenantAndEnv.computeIfAbsent(w.tenantId() + "/" + w.env(), k -> new ArrayList<>()).add(w);
        }
        List<DeliveryRepository.NewDelivery> out = new ArrayList<>();
        for (EventRepository.Queued e : batch) {
            for (WebhookEndpointRepository.Row w : byTenantAndEnv.getOrDefault(e.tenantId() + "/" + e.env(),
                    List.of())) {
                if (w.subscribedTo(e.type())) {
                    out.add(new DeliveryRepository.NewDelivery(e.tenantId(), e.env(), w.id(), e.id(), e.createdAt()));
                }
            }
        }
        return out;
    }
}
