package io.emboss.compat.ops;

import io.emboss.events.StoredEvent;
import io.emboss.events.WebhookRenderer;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seed 003's asynchronous results, for webhook endpoints registered with {@code format: "ops"}:
 * the stored native event becomes the seed's body with its field names, numeric ids and
 * {@code occur_time} in milliseconds, plus {@code event_type} naming it. Signing and retries are
 * the native delivery's. Native events with no seed counterpart are not sent to these endpoints.
 */
@Component
class OpsWebhookRenderer implements WebhookRenderer {
    static final String FORMAT = "ops";

    private final OpsAliases aliases;
    private final JsonMapper json;

    OpsWebhookRenderer(OpsAliases aliases, JsonMapper json) {
        this.aliases = aliases;
        this.json = json;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Optional<String> render(StoredEvent event) {
        JsonNode object = json.readTree(event.payload()).path("data").path("object");
        Map<String, Object> body = switch (event.type()) {
            case "topup.succeeded", "topup.failed" -> recharge(event, object);
            case "card.status_changed", "card.status_confirmed" -> cardResult(event, object, "CARD_STATUS_CHANGE");
            case "card.activated" -> cardResult(event, object, "CARD_ACTIVATE_RESULT");
            case "card.closed" -> closed(event, object);
            case "card.assigned" -> assigned(event, object);
            default -> null;
        };
        return Optional.ofNullable(body).map(json::writeValueAsString);
    }

    private Map<String, Object> recharge(StoredEvent event, JsonNode topup) {
        boolean succeeded = event.type().equals("topup.succeeded");
        Map<String, Object> body = start("CARD_RECHARGE_RESULT", event, topup.path("cardId").asString());
        body.put("transaction_id", alias(event, OpsAliases.Kind.RECHARGE, topup.path("id").asString()));
        body.put("receive_amount", succeeded ? OpsWire.amount(topup.path("amount").asString()) : BigDecimal.ZERO);
        body.put("status", succeeded ? "SUCCESS" : "FAILED");
        body.put("currency", topup.path("currency").asString());
        return finish(body, event);
    }

    private Map<String, Object> cardResult(StoredEvent event, JsonNode card, String type) {
        Map<String, Object> body = start(type, event, card.path("id").asString());
        body.put("status", "SUCCESS");
        body.put("card_status", OpsWire.cardStatus(card.path("status").asString()));
        return finish(body, event);
    }

    private Map<String, Object> closed(StoredEvent event, JsonNode card) {
        String cardId = card.path("id").asString();
        Map<String, Object> body = start("CARD_CLOSE_RESULT", event, cardId);
        body.put("transaction_id", alias(event, OpsAliases.Kind.CLOSE, cardId));
        JsonNode refund = card.path("refundAmount");
        body.put("refund_amount", refund.isString() ? OpsWire.amount(refund.asString()) : BigDecimal.ZERO);
        body.put("status", "SUCCESS");
        return finish(body, event);
    }

    private Map<String, Object> assigned(StoredEvent event, JsonNode card) {
        Map<String, Object> body = start("CARD_ASSIGN_RESULT", event, card.path("id").asString());
        body.put("user_id", alias(event, OpsAliases.Kind.USER, card.path("customerId").asString()));
        body.put("status", "SUCCESS");
        return finish(body, event);
    }

    private Map<String, Object> start(String type, StoredEvent event, String cardId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event_type", type);
        body.put("card_id", alias(event, OpsAliases.Kind.CARD, cardId));
        return body;
    }

    private static Map<String, Object> finish(Map<String, Object> body, StoredEvent event) {
        body.put("occur_time", event.createdAt().toEpochMilli());
        return body;
    }

    private long alias(StoredEvent event, OpsAliases.Kind kind, String nativeId) {
        return aliases.of(event.tenantId(), event.environment(), kind, nativeId);
    }
}
