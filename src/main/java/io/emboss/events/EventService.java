package io.emboss.events;

import io.emboss.shared.BusinessEvent;
import io.emboss.shared.Caller;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import io.emboss.shared.Rejection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores events (the outbox) and reads them back. Recording an event writes its row and queues it
 * for fan-out, nothing else: which endpoints get it is decided after the commit, by {@link FanOut}
 * on the delivery side, so a business transaction never reads endpoints or writes deliveries.
 */
@Service
public class EventService {
    private final EventRepository events;
    private final WebhookEndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final PumpSignal pump;
    private final JsonMapper json;
    private final Clock clock;

    EventService(EventRepository events, WebhookEndpointRepository endpoints, DeliveryRepository deliveries,
            PumpSignal pump, JsonMapper json, Clock clock) {
        this.events = events;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.pump = pump;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records an event in the caller's transaction. Must run inside the transaction of the change it
     * describes: that is the outbox guarantee.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public StoredEvent record(BusinessEvent event) {
        return store(List.of(event)).get(0);
    }

    /**
     * Records many events in the caller's transaction with one statement on PostgreSQL (a JDBC batch
     * on H2), in the given order; the same guarantee as {@link #record}, for a batch of changes.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<StoredEvent> recordAll(List<BusinessEvent> batch) {
        return store(batch);
    }

    private List<StoredEvent> store(List<BusinessEvent> batch) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("an event must be recorded in the transaction of its change");
        }
        if (batch.isEmpty()) {
            return List.of();
        }
        // at the precision the database keeps (microseconds; it would round the rest): the createdAt an
        // event shows is the one createdFrom/createdTo compare with, so a bound equal to it keeps it
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        List<StoredEvent> stored = new ArrayList<>(batch.size());
        for (BusinessEvent event : batch) {
            stored.add(toStored(event, now));
        }
        events.insertAll(stored);
        // the fan-out on this node starts as soon as the events are visible, not at its next poll
        TransactionSynchronizationManager.registerSynchronization(pump.afterCommit());
        return stored;
    }

    private StoredEvent toStored(BusinessEvent event, Instant now) {
        if (!EventCatalog.known(event.type())) {
            throw new IllegalStateException("event type " + event.type() + " is missing from the EventCatalog");
        }
        String id = Ids.next("evt");
        EventView payload = new EventView(id, event.type(), now, event.environment().livemode(),
                new EventView.EventDataView(event.snapshot()));
        return new StoredEvent(id, event.tenantId(), event.environment().wire(), event.type(), now,
                json.writeValueAsString(payload));
    }

    @Transactional(readOnly = true)
    public Outcome<StoredEvent> get(Caller caller, String id) {
        return events.find(caller.tenantId(), caller.environment().wire(), id)
                .<Outcome<StoredEvent>>map(Outcome::ok).orElseGet(() -> Outcome.notFound("event " + id));
    }

    @Transactional(readOnly = true)
    public Outcome<Page<StoredEvent>> list(Caller caller, String type, Instant from, Instant to, PageRequest page) {
        String env = caller.environment().wire();
        Long before = null;
        if (page.startingAfter() != null) {
            Optional<Long> seq = events.seqOf(caller.tenantId(), env, page.startingAfter());
            if (seq.isEmpty()) {
                return Outcome.rejected(Rejection.Kind.INVALID, "invalid_cursor", "startingAfter names no event");
            }
            before = seq.get();
        }
        return Outcome.ok(Page.of(events.page(caller.tenantId(), env, type, from, to, page.limit(), before),
                page.limit(), StoredEvent::id));
    }

    /** The caller's most recent deliveries needing attention (see {@link FailedDelivery}), at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<FailedDelivery> failedDeliveries(Caller caller, int limit) {
        return deliveries.failed(caller.tenantId(), caller.environment().wire(), limit);
    }

    /** A new delivery of an event to one endpoint, or to every endpoint subscribed to it now. */
    public record Redelivery(String deliveryId, String endpointId) {
    }

    @Transactional
    public Outcome<List<Redelivery>> redeliver(Caller caller, String eventId, String endpointId) {
        String env = caller.environment().wire();
        Optional<StoredEvent> event = events.find(caller.tenantId(), env, eventId);
        if (event.isEmpty()) {
            return Outcome.notFound("event " + eventId);
        }
        List<WebhookEndpointRepository.Row> targets;
        if (endpointId != null) {
            Optional<WebhookEndpointRepository.Row> endpoint = endpoints.find(caller.tenantId(), env, endpointId);
            if (endpoint.isEmpty()) {
                return Outcome.notFound("webhook endpoint " + endpointId);
            }
            if (!endpoint.get().enabled()) {
                return Outcome.rejected(Rejection.Kind.CONFLICT, "invalid_state",
                        "The endpoint is disabled; enable it before redelivering");
            }
            targets = List.of(endpoint.get());
        } else {
            targets = endpoints.subscribed(caller.tenantId(), env, event.get().type());
        }
        Instant now = clock.instant();
        return Outcome.ok(targets.stream()
                .map(t -> new Redelivery(deliveries.schedule(event.get(), t.id(), now), t.id())).toList());
    }
}
