package io.emboss.authorization.rules;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/** Which cards a rule judges: all the tenant's, or those of some products, cards or customers; minus exclusions. */
public record RuleScope(Level level, List<String> ids, List<String> excludedCardIds) {
    public RuleScope {
        ids = List.copyOf(ids);
        excludedCardIds = List.copyOf(excludedCardIds);
        if ((level == Level.TENANT) != ids.isEmpty()) {
            throw new IllegalStateException("a tenant scope names no ids, every other scope names some");
        }
    }

    public enum Level {
        TENANT,
        PRODUCT,
        CARD,
        CUSTOMER;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    boolean covers(Facts f) {
        if (excludedCardIds.contains(f.cardId())) {
            return false;
        }
        return switch (level) {
            case TENANT -> true;
            case PRODUCT -> ids.contains(f.productId());
            case CARD -> ids.contains(f.cardId());
            case CUSTOMER -> f.customerId() != null && ids.contains(f.customerId());
        };
    }

    /** Whether a rule of this scope may judge the card (the list filter {@code cardId}). */
    boolean mayCover(String cardId, String productId, String customerId) {
        return covers(new Facts(cardId, customerId, productId, null, null, null, null, 0, null, null, null, null,
                null, null, null));
    }
}
