package io.emboss.events;

import java.util.Optional;
import org.springframework.stereotype.Component;

/** Emboss's own shape: the event JSON as the events API returns it. */
@Component
class NativeRenderer implements WebhookRenderer {
    static final String FORMAT = "native";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Optional<String> render(StoredEvent event) {
        return Optional.of(event.payload());
    }
}
