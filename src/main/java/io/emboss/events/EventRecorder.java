package io.emboss.events;

import io.emboss.shared.BusinessEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Listens to every business event synchronously, in the publisher's thread and transaction, so
 * the event row commits or rolls back together with the change.
 */
@Component
class EventRecorder {
    private final EventService events;

    EventRecorder(EventService events) {
        this.events = events;
    }

    @EventListener
    void on(BusinessEvent event) {
        events.record(event);
    }

    @EventListener
    void on(io.emboss.shared.BusinessEventBatch batch) {
        for (BusinessEvent event : batch.events()) {
            events.record(event);
        }
    }
}
