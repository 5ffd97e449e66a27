package io.emboss.compat.alix;

import io.emboss.events.StoredEvent;
import io.emboss.events.WebhookRenderer;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook endpoints registered with {@code format: "alix"} get a top-up's result in seed 001's
 * notification shape, {@code {success, webhookType: "TopupCard", data}}, signed like every
 * delivery. Other events have no Alix form and are not sent to such endpoints.
 */
@Component
class AlixWebhookRenderer implements WebhookRenderer {
    static final String FORMAT = "alix";

    private final JsonMapper json;

    AlixWebhookRenderer(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Optional<String> render(StoredEvent event) {
        if (!event.type().equals("topup.succeeded") && !event.type().equals("topup.failed")) {
            return Optional.empty();
        }
        JsonNode topup = json.readTree(event.payload()).get("data").get("object");
        return Optional.of(json.writeValueAsString(new AlixWire.AlixNotification(
                event.type().equals("topup.succeeded"), AlixTopup.TYPE, AlixTopup.of(topup))));
    }
}
