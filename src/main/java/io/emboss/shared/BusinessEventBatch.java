package io.emboss.shared;

import java.util.List;

/**
 * The business events of many changes committed together (a money pipeline batch), published
 * once so the events module can store them with one statement instead of one each.
 */
public record BusinessEventBatch(List<BusinessEvent> events) {
    public BusinessEventBatch {
        events = List.copyOf(events);
    }
}
