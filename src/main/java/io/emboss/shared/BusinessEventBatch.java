package io.emboss.shared;

import java.util.List;

/**
 * Many business events published at once, inside the one transaction that made all their changes
 * (a batch of decisions). The events module stores them with one statement; each is then the same
 * as if it had been published alone.
 */
public record BusinessEventBatch(List<BusinessEvent> events) {
    public BusinessEventBatch {
        events = List.copyOf(events);
    }
}
