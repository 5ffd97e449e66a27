package io.emboss.events;

import io.emboss.shared.BusinessEvent;
import io.emboss.shared.BusinessEventBatch;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Listens to every business event, and every batch of them, synchronously, in the publisher's
 * thread and transaction, so the event rows commit or roll back together with the change.
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
    void on(BusinessEventBatch batch) {
        events.recordAll(batch.events());
    }
}
