package io.emboss.authorization.rules;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which cards a rule judges: all the tenant's, or those of some products, cards or customers; minus
 * exclusions. The ids are sets (in the order given): a scope of a thousand cards is checked at once.
 */
public record RuleScope(Level level, Set<String> ids, Set<String> excludedCardIds) {
    public RuleScope(Level level, Collection<String> ids, Collection<String> excludedCardIds) {
        this(level, Collections.unmodifiableSet(new LinkedHashSet<>(ids)),
                Collections.unmodifiableSet(new LinkedHashSet<>(excludedCardIds)));
    }

    public RuleScope {
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
